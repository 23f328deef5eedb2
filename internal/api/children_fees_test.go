package api_test

import (
	"math"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// TestChildren schedules a child key through the API and follows it from
// pending (with the block it applies at) to applied, on both ends of the
// link, now and at a past height; bad requests get 400 and 404.
func TestChildren(t *testing.T) {
	g := devGenesis()
	g.Params = map[string]uint64{"pending_child_key_cooldown": 3}
	tn := startTestNode(t, testOpts{genesis: g})
	ctx := ctxT(t)
	owner, err := keys.FromSURI("//Alice//subnet1") // the subnet owner's hotkey: no stake threshold
	if err != nil {
		t.Fatal(err)
	}
	parent := owner.AccountID()
	child := bob(t).AccountID()
	none, err := tn.c.Children(ctx, parent, 1)
	if err != nil {
		t.Fatal(err)
	}
	if none.Hotkey.ID() != parent || none.Netuid != 1 || none.Children == nil || len(none.Children) != 0 || none.HasPending {
		t.Fatalf("before: %+v", none)
	}
	half := uint64(math.MaxUint64 / 2)
	res := tn.mustOK(alice(t), tx.SetChildren{Hotkey: parent, Netuid: 1, Children: []tx.Child{{Proportion: half, Child: child}}})
	set := res.Inclusion.Height
	pend, err := tn.c.Children(ctx, parent, 1)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := tn.c.Subnet(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !pend.HasPending || len(pend.Pending) != 1 || pend.Pending[0].Hotkey.ID() != child || pend.Pending[0].Proportion != half ||
		pend.PendingAt != set+3 || pend.LastSet != set || len(pend.Children) != 0 {
		t.Fatalf("pending: %+v", pend)
	}
	// The first epoch after the cooldown on the schedule last_step + k·tempo.
	if a := pend.PendingAppliesAt; a <= pend.PendingAt || a > pend.PendingAt+uint64(sub.Tempo) || (a-sub.LastStep)%uint64(sub.Tempo) != 0 {
		t.Fatalf("applies at %d (pending_at %d, last step %d, tempo %d)", a, pend.PendingAt, sub.LastStep, sub.Tempo)
	}
	for {
		h, err := tn.c.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h.Height >= pend.PendingAppliesAt {
			break
		}
		tn.produce(1)
	}
	done, err := tn.c.Children(ctx, parent, 1)
	if err != nil {
		t.Fatal(err)
	}
	if done.HasPending || len(done.Pending) != 0 || len(done.Children) != 1 || done.Children[0].Hotkey.ID() != child || done.Children[0].Proportion != half {
		t.Fatalf("applied: %+v", done)
	}
	up, err := tn.c.Children(ctx, child, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(up.Parents) != 1 || up.Parents[0].Hotkey.ID() != parent || up.Parents[0].Proportion != half {
		t.Fatalf("child's parents: %+v", up)
	}
	past, err := tn.c.Children(ctx, parent, 1, client.At(set))
	if err != nil {
		t.Fatal(err)
	}
	if past.Height != set || !past.HasPending || len(past.Children) != 0 {
		t.Fatalf("at %d: %+v", set, past)
	}
	// The subnet's epoch counter moved with the epoch that applied them.
	if after, err := tn.c.Subnet(ctx, 1); err != nil || after.EpochIndex <= sub.EpochIndex {
		t.Fatalf("epoch index %d → %+v (%v)", sub.EpochIndex, after.EpochIndex, err)
	}
	if _, err := tn.c.Children(ctx, parent, 42); !isCode(err, api.CodeNotFound) {
		t.Fatalf("unknown subnet: %v", err)
	}
	for _, path := range []string{"/v1/children/" + parent.String(), "/v1/children/" + parent.String() + "?netuid=x", "/v1/children/nobody?netuid=1"} {
		if status, eb := rawReq(t, http.MethodGet, tn.url+path, "", nil); status != http.StatusBadRequest || eb.Code != api.CodeBadRequest {
			t.Fatalf("%s: %d %+v", path, status, eb)
		}
	}
}

// TestSubnetCommitRevealTiming: the subnet record carries the epoch
// index and the commit-reveal period; a commit made in the next block is
// recorded under commit_epoch, and its reveal is refused one epoch before
// reveal_epoch and accepted in the first block whose commit_epoch reaches
// it.
func TestSubnetCommitRevealTiming(t *testing.T) {
	g := devGenesis()
	g.Subnets[0].Hyperparameters["commit_reveal_weights_enabled"] = 1
	g.Subnets[0].Hyperparameters["commit_reveal_period"] = 2
	tn := startTestNode(t, testOpts{genesis: g, timer: time.Hour})
	ctx := ctxT(t)
	hk, err := keys.FromSURI("//Alice//subnet1") // uid 0
	if err != nil {
		t.Fatal(err)
	}
	nonce := uint64(0)
	// apply sends call from the hotkey in the next block and returns the
	// chain's error name ("" when it succeeded).
	apply := func(call tx.Call) string {
		t.Helper()
		if _, err := tn.c.Submit(ctx, tn.sign(hk, nonce, call)); err != nil {
			t.Fatal(err)
		}
		nonce++
		tn.produce(1)
		h, err := tn.c.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := tn.c.Block(ctx, h.Height)
		if err != nil || len(b.Receipts) != 1 {
			t.Fatalf("block %d: %v", h.Height, err)
		}
		return b.Receipts[0].Error
	}
	uids, values, salt := []uint16{0}, []uint16{65535}, []uint16{1, 2, 3}
	sub, err := tn.c.Subnet(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !sub.CommitRevealEnabled || sub.CommitRevealPeriod != 2 || sub.RevealEpoch != sub.CommitEpoch+2 {
		t.Fatalf("subnet %+v", sub)
	}
	reveal := sub.RevealEpoch
	if e := apply(tx.CommitWeights{Netuid: 1, CommitHash: runtime.CommitHash(hk.AccountID(), 1, uids, values, salt, 0)}); e != "" {
		t.Fatalf("commit: %s", e)
	}
	revealCall := tx.RevealWeights{Netuid: 1, Uids: uids, Values: values, Salt: salt}
	early := false
	for range 80 {
		if sub, err = tn.c.Subnet(ctx, 1); err != nil {
			t.Fatal(err)
		}
		switch sub.CommitEpoch {
		case reveal - 1:
			if !early {
				if e := apply(revealCall); e != "RevealTooEarly" {
					t.Fatalf("reveal at epoch %d: %q, want RevealTooEarly", sub.CommitEpoch, e)
				}
				early = true
				continue
			}
		case reveal:
			if !early {
				t.Fatal("never saw the epoch before the reveal epoch")
			}
			if e := apply(revealCall); e != "" {
				t.Fatalf("reveal at epoch %d: %s", sub.CommitEpoch, e)
			}
			if sub.EpochIndex+1 < reveal {
				t.Fatalf("epoch index %d, reveal epoch %d", sub.EpochIndex, reveal)
			}
			return
		}
		tn.produce(1)
	}
	t.Fatalf("reveal epoch %d never reached: %+v", reveal, sub)
}

// TestFees: /v1/fees gives the rule's parameters, Fees.Fee agrees with
// the chain's rule for every call, and an included call paid it.
func TestFees(t *testing.T) {
	g := devGenesis()
	g.Params = map[string]uint64{"tx_base_fee": 1234, "tx_byte_fee": 7}
	tn := startTestNode(t, testOpts{genesis: g})
	ctx := ctxT(t)
	f, err := tn.c.Fees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f.BaseFee != 1234 || f.ByteFee != 7 || !slices.Contains(f.Free, "set_weights") || slices.Contains(f.Free, "transfer_keep_alive") {
		t.Fatalf("fees %+v", f)
	}
	p := state.DefaultParams()
	p.TxBaseFee, p.TxByteFee = 1234, 7
	for _, name := range append(tx.CallNames(), "no_such_call") {
		for _, size := range []int{0, 1, 150, 4096} {
			if got, want := f.Fee(name, size), chain.Fee(p, name, size); got != want {
				t.Fatalf("%s size %d: fee %d, chain %d", name, size, got, want)
			}
		}
	}
	a, err := tn.c.Account(ctx, alice(t).AccountID())
	if err != nil {
		t.Fatal(err)
	}
	raw := tn.sign(alice(t), a.Nonce, tx.TransferKeepAlive{Dest: bob(t).AccountID(), Value: tao})
	res, err := tn.c.SubmitWait(ctx, raw, 0)
	if err != nil || res.Inclusion == nil || !res.Inclusion.Receipt.OK {
		t.Fatalf("transfer: %+v %v", res, err)
	}
	if want := f.Fee(res.Call, len(raw)); res.Fee != want || res.Inclusion.Receipt.Fee != want || want != 1234+7*uint64(len(raw)) {
		t.Fatalf("paid %d (receipt %d), rule says %d for %d bytes", res.Fee, res.Inclusion.Receipt.Fee, want, len(raw))
	}
}
