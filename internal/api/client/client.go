// Package client is the Go client of taod's HTTP API (docs/api.md). It
// speaks msgpack by default (WithJSON switches to JSON) and returns the
// query package's types. Errors from the node are *Error values carrying
// the HTTP status, the API code and, for refused calls, the reason.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
)

// ErrNode marks every error this package returns (the node refused the
// request, answered garbage, or could not be reached).
var ErrNode = errors.New("taod api")

// Error is an error response from the node.
type Error struct {
	Status  int    // HTTP status
	Code    string // api.Code* (not_found, tx_rejected, …)
	Reason  string // for refused calls: StaleNonce, BadSignature, MempoolFull, …
	Message string
}

func (e *Error) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("taod: %s (%s, %s)", e.Message, e.Code, e.Reason)
	}
	return fmt.Sprintf("taod: %s (%s)", e.Message, e.Code)
}

// Is makes every *Error match ErrNode.
func (e *Error) Is(target error) bool { return target == ErrNode }

// Client talks to one node.
type Client struct {
	base string
	hc   *http.Client
	json bool
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (default: one with no overall
// timeout, since waits and streams are long; use contexts).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithJSON makes the client use JSON instead of msgpack.
func WithJSON() Option { return func(c *Client) { c.json = true } }

// New returns a client for the node at base ("http://127.0.0.1:9944";
// a bare host:port gets http://).
func New(base string, opts ...Option) *Client {
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	c := &Client{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second,
	}}}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Base returns the node's base URL.
func (c *Client) Base() string { return c.base }

// QueryOption adds query parameters to a read.
type QueryOption func(url.Values)

// At reads the state at chain height h (within the node's retention window).
func At(h uint64) QueryOption {
	return func(v url.Values) { v.Set("at", strconv.FormatUint(h, 10)) }
}

func (c *Client) accept() string {
	if c.json {
		return api.MediaJSON
	}
	return api.MediaMsgpack
}

func (c *Client) url(path string, q url.Values, opts []QueryOption) string {
	if q == nil {
		q = url.Values{}
	}
	for _, o := range opts {
		o(q)
	}
	if len(q) == 0 {
		return c.base + path
	}
	return c.base + path + "?" + q.Encode()
}

func (c *Client) do(ctx context.Context, method, u, ctype string, body []byte, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNode, err)
	}
	req.Header.Set("Accept", c.accept())
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNode, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%w: read response: %w", ErrNode, err)
	}
	if resp.StatusCode >= 300 {
		var eb api.ErrorBody
		if derr := decode(resp.Header.Get("Content-Type"), data, &eb); derr != nil || eb.Code == "" {
			return &Error{Status: resp.StatusCode, Code: "http", Message: strings.TrimSpace(string(data))}
		}
		return &Error{Status: resp.StatusCode, Code: eb.Code, Reason: eb.Reason, Message: eb.Error}
	}
	if out == nil {
		return nil
	}
	if err := decode(resp.Header.Get("Content-Type"), data, out); err != nil {
		return fmt.Errorf("%w: decode %s: %w", ErrNode, u, err)
	}
	return nil
}

func decode(ctype string, data []byte, out any) error {
	if strings.HasPrefix(ctype, api.MediaMsgpack) {
		dec := msgpack.NewDecoder(bytes.NewReader(data))
		dec.SetCustomStructTag("json")
		return dec.Decode(out)
	}
	return json.Unmarshal(data, out)
}

func (c *Client) get(ctx context.Context, path string, q url.Values, opts []QueryOption, out any) error {
	return c.do(ctx, http.MethodGet, c.url(path, q, opts), "", nil, out)
}

// Health returns /health.
func (c *Client) Health(ctx context.Context) (api.Health, error) {
	var h api.Health
	return h, c.get(ctx, "/health", nil, nil, &h)
}

// Metrics returns /metrics (Prometheus text).
func (c *Client) Metrics(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/metrics", nil)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNode, err)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNode, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNode, err)
	}
	return string(b), nil
}

// Head returns the committed head.
func (c *Client) Head(ctx context.Context, opts ...QueryOption) (query.Head, error) {
	var h query.Head
	return h, c.get(ctx, "/v1/head", nil, opts, &h)
}

// Block returns block h with its receipts and events.
func (c *Client) Block(ctx context.Context, h uint64) (*chain.BlockResult, error) {
	var b chain.BlockResult
	return &b, c.get(ctx, "/v1/blocks/"+strconv.FormatUint(h, 10), nil, nil, &b)
}

// Account returns an account's free balance and next nonce.
func (c *Client) Account(ctx context.Context, id keys.AccountID, opts ...QueryOption) (query.Account, error) {
	var a query.Account
	return a, c.get(ctx, "/v1/accounts/"+id.String(), nil, opts, &a)
}

// Subnets lists every subnet with its dTAO fields.
func (c *Client) Subnets(ctx context.Context, opts ...QueryOption) ([]query.Subnet, error) {
	var s []query.Subnet
	return s, c.get(ctx, "/v1/subnets", nil, opts, &s)
}

// Subnet returns one subnet.
func (c *Client) Subnet(ctx context.Context, netuid uint16, opts ...QueryOption) (query.Subnet, error) {
	var s query.Subnet
	return s, c.get(ctx, "/v1/subnets/"+strconv.Itoa(int(netuid)), nil, opts, &s)
}

// Metagraph returns a subnet's metagraph.
func (c *Client) Metagraph(ctx context.Context, netuid uint16, mo query.MetagraphOptions, opts ...QueryOption) (*query.Metagraph, error) {
	q := url.Values{}
	if mo.Weights {
		q.Set("weights", "true")
	}
	if mo.Bonds {
		q.Set("bonds", "true")
	}
	if mo.Stakers {
		q.Set("stakers", "true")
	}
	var m query.Metagraph
	return &m, c.get(ctx, "/v1/subnets/"+strconv.Itoa(int(netuid))+"/metagraph", q, opts, &m)
}

// Quote simulates a swap: side "buy" (amount in RAO of τ) or "sell"
// (amount in α units).
func (c *Client) Quote(ctx context.Context, netuid uint16, side string, amount uint64, opts ...QueryOption) (query.Quote, error) {
	q := url.Values{"side": {side}, "amount": {strconv.FormatUint(amount, 10)}}
	var out query.Quote
	return out, c.get(ctx, "/v1/subnets/"+strconv.Itoa(int(netuid))+"/quote", q, opts, &out)
}

// Stake returns a coldkey's stake across hotkeys and subnets.
func (c *Client) Stake(ctx context.Context, coldkey keys.AccountID, opts ...QueryOption) (*query.ColdkeyStake, error) {
	var s query.ColdkeyStake
	return &s, c.get(ctx, "/v1/stake/"+coldkey.String(), nil, opts, &s)
}

// Delegates lists hotkeys with owner, take and stake.
func (c *Client) Delegates(ctx context.Context, opts ...QueryOption) ([]query.Delegate, error) {
	var d []query.Delegate
	return d, c.get(ctx, "/v1/delegates", nil, opts, &d)
}

// Children returns a hotkey's child keys on a subnet: children, parents,
// a pending schedule and the childkey take.
func (c *Client) Children(ctx context.Context, hotkey keys.AccountID, netuid uint16, opts ...QueryOption) (*query.Children, error) {
	var ch query.Children
	q := url.Values{"netuid": {strconv.Itoa(int(netuid))}}
	return &ch, c.get(ctx, "/v1/children/"+hotkey.String(), q, opts, &ch)
}

// Fees returns the transaction fee rule's parameters; Fees.Fee computes a
// signed call's fee from them.
func (c *Client) Fees(ctx context.Context, opts ...QueryOption) (*query.Fees, error) {
	var f query.Fees
	return &f, c.get(ctx, "/v1/fees", nil, opts, &f)
}

// PendingEmission returns every subnet's pending emission.
func (c *Client) PendingEmission(ctx context.Context, opts ...QueryOption) ([]query.PendingEmission, error) {
	var p []query.PendingEmission
	return p, c.get(ctx, "/v1/emission", nil, opts, &p)
}

// LockCost returns the network registration lock cost for the next block.
func (c *Client) LockCost(ctx context.Context, opts ...QueryOption) (query.LockCost, error) {
	var l query.LockCost
	return l, c.get(ctx, "/v1/lock-cost", nil, opts, &l)
}

// Mempool returns the mempool size.
func (c *Client) Mempool(ctx context.Context) (api.MempoolInfo, error) {
	var m api.MempoolInfo
	return m, c.get(ctx, "/v1/mempool", nil, nil, &m)
}

// Calls returns the call names known to the wire format and those the
// node's runtime implements.
func (c *Client) Calls(ctx context.Context) (api.Calls, error) {
	var cl api.Calls
	return cl, c.get(ctx, "/v1/calls", nil, nil, &cl)
}

// Submit sends an encoded signed call and returns once the mempool
// accepted it (status pending or future).
func (c *Client) Submit(ctx context.Context, raw []byte) (*api.SubmitResult, error) {
	var r api.SubmitResult
	return &r, c.do(ctx, http.MethodPost, c.base+"/v1/tx", api.MediaOctet, raw, &r)
}

// SubmitWait sends an encoded signed call and waits until a committed
// block includes it (at most timeout; 0 = the node's maximum). The result
// carries the receipt: check Inclusion.Receipt.OK and .Error.
func (c *Client) SubmitWait(ctx context.Context, raw []byte, timeout time.Duration) (*api.SubmitResult, error) {
	q := url.Values{"wait": {"true"}}
	if timeout > 0 {
		q.Set("timeout", timeout.String())
	}
	var r api.SubmitResult
	return &r, c.do(ctx, http.MethodPost, c.url("/v1/tx", q, nil), api.MediaOctet, raw, &r)
}

// Sign signs call for kp with the chain's genesis hash and the account's
// committed next nonce (pending calls of the same signer are not counted:
// sign several calls with explicit nonces through tx.Sign).
func (c *Client) Sign(ctx context.Context, kp *keys.Keypair, call tx.Call) ([]byte, error) {
	h, err := c.Head(ctx)
	if err != nil {
		return nil, err
	}
	a, err := c.Account(ctx, kp.AccountID())
	if err != nil {
		return nil, err
	}
	return tx.Sign(kp, h.GenesisHash, a.Nonce, call)
}

// Send signs call (see Sign) and submits it; with wait it returns the
// receipt once the call is in a committed block.
func (c *Client) Send(ctx context.Context, kp *keys.Keypair, call tx.Call, wait bool) (*api.SubmitResult, error) {
	raw, err := c.Sign(ctx, kp, call)
	if err != nil {
		return nil, err
	}
	if wait {
		return c.SubmitWait(ctx, raw, 0)
	}
	return c.Submit(ctx, raw)
}

// streamRecord is a block or a final error in the msgpack stream.
type streamRecord struct {
	chain.BlockResult
	Error string `json:"error,omitempty"`
	Code  string `json:"code,omitempty"`
}

// Follow streams committed blocks to fn, starting at height from (0: only
// blocks committed from now on), until ctx ends, fn returns an error, or
// the stream breaks. A stream cut off for lagging returns an *Error with
// code lagged; resume with from = last height + 1.
func (c *Client) Follow(ctx context.Context, from uint64, fn func(*chain.BlockResult) error) error {
	q := url.Values{}
	if from > 0 {
		q.Set("from", strconv.FormatUint(from, 10))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url("/v1/stream", q, nil), nil)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNode, err)
	}
	req.Header.Set("Accept", api.MediaMsgpack)
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNode, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(resp.Body)
		var eb api.ErrorBody
		if decode(resp.Header.Get("Content-Type"), data, &eb) == nil && eb.Code != "" {
			return &Error{Status: resp.StatusCode, Code: eb.Code, Reason: eb.Reason, Message: eb.Error}
		}
		return &Error{Status: resp.StatusCode, Code: "http", Message: strings.TrimSpace(string(data))}
	}
	dec := msgpack.NewDecoder(resp.Body)
	dec.SetCustomStructTag("json")
	for {
		if _, err := dec.PeekCode(); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("%w: stream ended", ErrNode)
			}
			return fmt.Errorf("%w: stream: %w", ErrNode, err)
		}
		var rec streamRecord
		if err := dec.Decode(&rec); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("%w: decode stream record: %w", ErrNode, err)
		}
		if rec.Code != "" {
			return &Error{Status: http.StatusOK, Code: rec.Code, Message: rec.Error}
		}
		b := rec.BlockResult
		if err := fn(&b); err != nil {
			return err
		}
	}
}
