package main

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/tx"
)

// plan is one write: who signs which call, and what the user should see
// before it is sent (summary rows for people, preview for machines).
type plan struct {
	signer  *keys.Keypair
	call    tx.Call
	summary [][]string // field/value rows describing the call and its effect
	preview any        // the effect as a record (e.g. a stake preview); may be nil
}

// callResult is the record every write prints: the signed call, and either
// "dry-run" (with the signed bytes) or where it landed and what happened.
type callResult struct {
	Call    string          `json:"call"`
	Args    tx.Call         `json:"args"`
	Signer  keys.AccountID  `json:"signer"`
	Nonce   uint64          `json:"nonce"`
	Hash    string          `json:"tx_hash"`
	Size    int             `json:"size"`
	Status  string          `json:"status"` // dry-run | pending | future | included | failed
	Tx      string          `json:"tx,omitempty"`
	Block   uint64          `json:"block,omitempty"`
	OK      bool            `json:"ok"`
	Error   string          `json:"error,omitempty"` // the chain's error name
	Fee     uint64          `json:"fee"`             // paid; for a dry run, what the call would pay
	Events  []runtime.Event `json:"events,omitempty"`
	Preview any             `json:"preview,omitempty"`
}

// execute signs p's call with the signer's next nonce and, unless
// --dry-run, asks for confirmation (terminal only), submits it and waits for
// its block (unless --no-wait). A call the chain rejects is an error with
// the chain's error name (exit 4) after the result has been printed.
func (e *runEnv) execute(p plan) error {
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	name := p.call.CallName()
	head, err := n.Head(e.ctx)
	if err != nil {
		return n.nodeError("read head", err)
	}
	acc, err := n.Account(e.ctx, p.signer.AccountID())
	if err != nil {
		return n.nodeError("read signer account", err)
	}
	raw, err := tx.Sign(p.signer, head.GenesisHash, acc.Nonce, p.call)
	if err != nil {
		return fmt.Errorf("sign %s: %w", name, err)
	}
	h := tx.Hash(raw)
	res := callResult{
		Call: name, Args: p.call, Signer: p.signer.AccountID(), Nonce: acc.Nonce,
		Hash: "0x" + hex.EncodeToString(h[:]), Size: len(raw), Preview: p.preview,
	}
	dry, prompt := e.c.Bool(flagDryRun), e.interactive() && !e.c.Bool(flagYes)
	if dry || prompt {
		// The fee the chain will charge: its rule on the node's current
		// parameters and this signed call's size.
		fees, err := n.Fees(e.ctx)
		if err != nil {
			return n.nodeError("read fee parameters", err)
		}
		res.Fee = fees.Fee(name, len(raw))
	}
	if dry {
		res.Status, res.Tx = "dry-run", "0x"+hex.EncodeToString(raw)
		return e.emitResult(p, res)
	}
	if prompt {
		rows := append([][]string{{"call", name}, {"signer", res.Signer.String()}}, p.summary...)
		rows = append(rows, []string{"fee", e.amt.TAO(res.Fee)})
		t := output.Table{Header: []string{"field", "value"}, Rows: rows,
			Align: []output.Align{output.AlignLeft, output.AlignLeft}}
		if err := t.Render(e.stderr); err != nil {
			return err
		}
		if err := e.confirm("Send " + name + "?"); err != nil {
			return err
		}
	}
	e.log.Debug("submitting", "call", name, "tx", res.Hash, "nonce", acc.Nonce)
	if e.c.Bool(flagNoWait) {
		sr, err := n.Submit(e.ctx, raw)
		if err != nil {
			return n.nodeError(name, err)
		}
		res.Status, res.Fee = sr.Status, sr.Fee
		return e.emitResult(p, res)
	}
	sr, err := n.SubmitWait(e.ctx, raw, 0)
	if err != nil {
		return n.nodeError(name, err)
	}
	if sr.Inclusion == nil || sr.Status != api.StatusIncluded {
		return fmt.Errorf("%s: %w: the node answered status %q without a receipt", name, errNodeUnreachable, sr.Status)
	}
	rc := sr.Inclusion.Receipt
	res.Block, res.OK, res.Error, res.Fee, res.Events = sr.Inclusion.Height, rc.OK, rc.Error, rc.Fee, rc.Events
	res.Status = "included"
	if !rc.OK {
		res.Status = "failed"
	}
	if err := e.emitResult(p, res); err != nil {
		return err
	}
	if !rc.OK {
		return &rejectedError{Call: name, Name: rc.Error, Block: res.Block}
	}
	return nil
}

func (e *runEnv) emitResult(p plan, r callResult) error {
	kv := [][]string{{"call", r.Call}, {"signer", r.Signer.String()}, {"nonce", strconv.FormatUint(r.Nonce, 10)}}
	kv = append(kv, p.summary...)
	kv = append(kv, []string{"tx hash", r.Hash}, []string{"status", r.Status})
	if r.Tx != "" {
		kv = append(kv, []string{"signed call", r.Tx}, []string{"size", strconv.Itoa(r.Size) + " bytes"}, []string{"fee", e.amt.TAO(r.Fee)})
	}
	if r.Block > 0 {
		kv = append(kv, []string{"block", strconv.FormatUint(r.Block, 10)}, []string{"fee", e.amt.TAO(r.Fee)})
	}
	if r.Error != "" {
		kv = append(kv, []string{"error", r.Error})
	}
	for _, ev := range r.Events {
		kv = append(kv, []string{"event", eventString(ev)})
	}
	return e.emitOne(r, kv)
}

func eventString(ev runtime.Event) string {
	var b strings.Builder
	b.WriteString(ev.Name)
	for _, a := range ev.Attrs {
		fmt.Fprintf(&b, " %s=%s", a.Key, a.Value)
	}
	return b.String()
}

// requireFree returns who's free balance, failing (exit 4, nothing sent)
// when it is below need: the chain would reject the call with
// InsufficientBalance.
func (e *runEnv) requireFree(who keys.AccountID, need uint64) (uint64, error) {
	n, err := e.nodeAPI()
	if err != nil {
		return 0, err
	}
	acc, err := n.Account(e.ctx, who)
	if err != nil {
		return 0, n.nodeError("read balance", err)
	}
	if acc.Free < need {
		return acc.Free, fmt.Errorf("%w: InsufficientBalance: %s has %s free, the call needs %s (nothing sent)",
			errPrecondition, who, output.FormatTAO(acc.Free), output.FormatTAO(need))
	}
	return acc.Free, nil
}
