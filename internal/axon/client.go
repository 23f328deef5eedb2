package axon

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/taokit/taokit/internal/keys"
)

// Target is a miner to query.
type Target struct {
	Hotkey keys.AccountID
	Addr   string // host:port
}

// Response is the outcome of one query. Err is set for anything but a 200
// answer; Reason is the axon's refusal reason or ReasonUnreachable.
type Response struct {
	Status   int
	Reason   string
	Body     []byte
	Latency  time.Duration
	Verified bool // the axon's response signature checked out
	Err      error
}

// OK reports a 200 answer.
func (r *Response) OK() bool { return r.Err == nil && r.Status == http.StatusOK }

// Dendrite sends signed requests for one validator hotkey. It is safe for
// concurrent use; nonces are strictly increasing per Dendrite.
type Dendrite struct {
	kp       *keys.Keypair
	uuid     string
	hc       *http.Client
	mu       sync.Mutex
	last     uint64
	MaxBytes int64 // response body limit (default 16 MiB)
}

// NewDendrite returns a client signing with kp. hc may be nil.
func NewDendrite(kp *keys.Keypair, hc *http.Client) *Dendrite {
	if hc == nil {
		hc = &http.Client{Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        1024,
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     90 * time.Second,
		}}
	}
	return &Dendrite{kp: kp, uuid: NewUUID(), hc: hc, MaxBytes: 16 << 20}
}

// UUID returns the dendrite's instance id.
func (d *Dendrite) UUID() string { return d.uuid }

// NextNonce returns a nonce: the wall clock in ns, bumped to stay strictly
// increasing.
func (d *Dendrite) NextNonce() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := max(uint64(time.Now().UnixNano()), d.last+1)
	d.last = n
	return n
}

// Call sends body to the target's synapse name and waits at most timeout.
func (d *Dendrite) Call(ctx context.Context, t Target, name string, body []byte, timeout time.Duration) *Response {
	start := time.Now()
	res := &Response{}
	finish := func(err error) *Response {
		res.Latency = time.Since(start)
		res.Err = err
		return res
	}
	h, err := SignRequest(d.kp, t.Hotkey, d.uuid, d.NextNonce(), name, body, timeout)
	if err != nil {
		return finish(err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+t.Addr+"/"+name, bytes.NewReader(body))
	if err != nil {
		res.Reason = ReasonUnreachable
		return finish(err)
	}
	h.Apply(req.Header)
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := d.hc.Do(req)
	if err != nil {
		res.Reason = ReasonUnreachable
		if ctx.Err() != nil {
			res.Reason = ReasonTimeout
		}
		return finish(fmt.Errorf("query %s: %w", t.Addr, err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, d.MaxBytes+1))
	res.Status = resp.StatusCode
	res.Reason = get(resp.Header, HeaderAxonStatusMsg)
	if err != nil {
		if res.Reason == "" || res.Reason == ReasonOK {
			res.Reason = ReasonTimeout
		}
		return finish(fmt.Errorf("read answer from %s: %w", t.Addr, err))
	}
	if int64(len(data)) > d.MaxBytes {
		return finish(fmt.Errorf("answer from %s: %w", t.Addr, ErrOutputTooLarge))
	}
	res.Verified = verifyResponse(resp.Header, d.kp.AccountID(), t.Hotkey)
	if resp.StatusCode != http.StatusOK {
		var eb errorBody
		msg := strings.TrimSpace(string(data))
		if json.Unmarshal(data, &eb) == nil && eb.Reason != "" {
			res.Reason, msg = eb.Reason, eb.Error
		}
		if res.Reason == "" {
			res.Reason = strconv.Itoa(resp.StatusCode)
		}
		return finish(fmt.Errorf("axon %s answered %d %s: %s", t.Addr, resp.StatusCode, res.Reason, msg))
	}
	if !res.Verified {
		return finish(fmt.Errorf("answer from %s: %w", t.Addr, ErrBadResponseSignature))
	}
	res.Body = data
	res.Reason = ReasonOK
	return finish(nil)
}

// verifyResponse checks the axon's signature over
// "{axon_nonce}.{dendrite}.{axon}.{axon_uuid}" by the expected miner hotkey.
func verifyResponse(hd http.Header, me, axon keys.AccountID) bool {
	n, err := strconv.ParseUint(get(hd, HeaderAxonNonce), 10, 64)
	if err != nil {
		return false
	}
	sig, err := hex.DecodeString(strings.TrimPrefix(get(hd, HeaderAxonSig), "0x"))
	if err != nil {
		return false
	}
	return keys.Verify(axon, ResponseMessage(n, me, axon, get(hd, HeaderAxonUUID)), sig)
}

// IsTimeout reports whether err is a client-side or axon timeout.
func IsTimeout(r *Response) bool {
	return r.Reason == ReasonTimeout || errors.Is(r.Err, context.DeadlineExceeded)
}
