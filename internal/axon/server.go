package axon

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/taokit/taokit/internal/keys"
)

// Caller is what the miner knows about a registered caller.
type Caller struct {
	UID             uint16
	Stake           uint64 // total stake (α units), the queue priority
	ValidatorPermit bool
}

// Registry looks callers up in the subnet's metagraph.
type Registry interface {
	Lookup(hotkey keys.AccountID) (Caller, bool)
}

// StaticRegistry is a Registry over a replaceable snapshot; safe for
// concurrent use (cmd/mine refreshes it from the node).
type StaticRegistry struct {
	m atomic.Pointer[map[keys.AccountID]Caller]
}

// NewStaticRegistry returns a registry holding m.
func NewStaticRegistry(m map[keys.AccountID]Caller) *StaticRegistry {
	r := &StaticRegistry{}
	r.Set(m)
	return r
}

// Set replaces the snapshot.
func (r *StaticRegistry) Set(m map[keys.AccountID]Caller) { r.m.Store(&m) }

// Lookup implements Registry.
func (r *StaticRegistry) Lookup(h keys.AccountID) (Caller, bool) {
	p := r.m.Load()
	if p == nil {
		return Caller{}, false
	}
	c, ok := (*p)[h]
	return c, ok
}

// Len returns the number of hotkeys known.
func (r *StaticRegistry) Len() int {
	if p := r.m.Load(); p != nil {
		return len(*p)
	}
	return 0
}

// Request is an accepted request handed to a Handler.
type Request struct {
	Name    string
	Body    []byte
	Caller  keys.AccountID
	Info    Caller // zero for unregistered callers (when allowed)
	Timeout time.Duration
	Nonce   uint64
	UUID    string
}

// Handler answers accepted requests. The context ends at the request's
// timeout; errors wrapping ErrTimeout or context.DeadlineExceeded become
// 408, others 500.
type Handler interface {
	Serve(ctx context.Context, r *Request) ([]byte, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, r *Request) ([]byte, error)

// Serve implements Handler.
func (f HandlerFunc) Serve(ctx context.Context, r *Request) ([]byte, error) { return f(ctx, r) }

// Config configures a Server.
type Config struct {
	Keypair  *keys.Keypair // the miner's hotkey (required)
	Handler  Handler       // required
	Registry Registry      // nil: every caller is unregistered
	// AllowUnregistered admits callers the registry does not know.
	AllowUnregistered bool
	// AllowNoPermit admits registered callers without a validator permit.
	AllowNoPermit bool
	// MaxConcurrent requests run at once (default 4); MaxQueue more wait
	// (default 64).
	MaxConcurrent int
	MaxQueue      int
	// DefaultTimeout applies when the request has no timeout header
	// (default 12 s); MaxTimeout caps the request's value (default 60 s).
	DefaultTimeout time.Duration
	MaxTimeout     time.Duration
	// AllowedDelta is the clock skew tolerated (default 4 s).
	AllowedDelta time.Duration
	// MaxBodyBytes limits request bodies (default 4 MiB).
	MaxBodyBytes int64
	Logger       *slog.Logger
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

func (c *Config) defaults() {
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 4
	}
	if c.MaxQueue < 0 {
		c.MaxQueue = 0
	} else if c.MaxQueue == 0 {
		c.MaxQueue = 64
	}
	if c.DefaultTimeout <= 0 {
		c.DefaultTimeout = 12 * time.Second
	}
	if c.MaxTimeout <= 0 {
		c.MaxTimeout = 60 * time.Second
	}
	if c.DefaultTimeout > c.MaxTimeout {
		c.DefaultTimeout = c.MaxTimeout
	}
	if c.AllowedDelta <= 0 {
		c.AllowedDelta = 4 * time.Second
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 4 << 20
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Stats counts answers by reason.
type Stats struct {
	mu sync.Mutex
	m  map[string]uint64
}

func (s *Stats) add(reason string) {
	s.mu.Lock()
	if s.m == nil {
		s.m = map[string]uint64{}
	}
	s.m[reason]++
	s.mu.Unlock()
}

// Snapshot returns a copy of the counters.
func (s *Stats) Snapshot() map[string]uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]uint64, len(s.m))
	for k, v := range s.m {
		out[k] = v
	}
	return out
}

// Server is a miner's axon: an http.Handler.
type Server struct {
	cfg    Config
	nonces *NonceTracker
	queue  *PriorityLimiter
	uuid   string
	nonce  atomic.Uint64
	Stats  Stats
}

// NewServer returns an axon for cfg.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Keypair == nil || cfg.Handler == nil {
		return nil, errors.New("axon: keypair and handler are required")
	}
	cfg.defaults()
	return &Server{
		cfg:    cfg,
		nonces: NewNonceTracker(cfg.AllowedDelta, 2*(cfg.AllowedDelta+cfg.MaxTimeout)),
		queue:  NewPriorityLimiter(cfg.MaxConcurrent, cfg.MaxQueue),
		uuid:   NewUUID(),
	}, nil
}

// Hotkey returns the miner's hotkey.
func (s *Server) Hotkey() keys.AccountID { return s.cfg.Keypair.AccountID() }

// Queue returns the server's priority limiter (for metrics and tests).
func (s *Server) Queue() *PriorityLimiter { return s.queue }

// errorBody is the JSON body of a refusal.
type errorBody struct {
	Error  string `json:"error"`
	Reason string `json:"reason"`
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var caller keys.AccountID
	var h RequestHeaders
	log := s.cfg.Logger
	refuse := func(reason, msg string) {
		s.Stats.add(reason)
		s.writeHeaders(w, h, reason, start)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(StatusOf(reason))
		_ = json.NewEncoder(w).Encode(errorBody{Error: msg, Reason: reason})
		log.Info("request refused", "reason", reason, "caller", caller.String(), "name", h.Name, "err", msg)
	}
	if r.Method != http.MethodPost {
		refuse(ReasonMethodNotAllowed, "only POST is served")
		return
	}
	name := r.URL.Path
	if len(name) > 0 && name[0] == '/' {
		name = name[1:]
	}
	var err error
	h, err = ParseRequestHeaders(r.Header)
	if err != nil {
		refuse(ReasonBadRequest, err.Error())
		return
	}
	caller = h.DendriteHotkey
	if h.Name == "" {
		h.Name = name
	}
	if !ValidName(name) || h.Name != name {
		refuse(ReasonBadRequest, fmt.Sprintf("synapse name %q does not match the path %q", h.Name, name))
		return
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		refuse(ReasonTooLarge, fmt.Sprintf("body of %d bytes above the limit %d", r.ContentLength, s.cfg.MaxBodyBytes))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxBodyBytes+1))
	if err != nil {
		refuse(ReasonBadRequest, "read body: "+err.Error())
		return
	}
	if int64(len(body)) > s.cfg.MaxBodyBytes {
		refuse(ReasonTooLarge, fmt.Sprintf("body above the limit %d", s.cfg.MaxBodyBytes))
		return
	}
	if got := BodyHash(body); got != h.BodyHash {
		refuse(ReasonBodyHashMismatch, "computed_body_hash does not match the body (sha3-256 of the body bytes is "+got+")")
		return
	}
	me := s.cfg.Keypair.AccountID()
	if h.AxonHotkey != (keys.AccountID{}) && h.AxonHotkey != me {
		refuse(ReasonWrongAxon, "request is for axon "+h.AxonHotkey.String()+", this is "+me.String())
		return
	}
	// Rebuild the message with our own hotkey (bittensor's default_verify).
	msg := RequestMessage(h.Nonce, h.DendriteHotkey, me, h.UUID, h.BodyHash)
	if len(h.Signature) == 0 || !keys.Verify(h.DendriteHotkey, msg, h.Signature) {
		refuse(ReasonBadSignature, "signature missing or invalid")
		return
	}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = s.cfg.DefaultTimeout
	}
	timeout = min(timeout, s.cfg.MaxTimeout)
	if reason, ok := s.nonces.Check(h.DendriteHotkey, h.UUID, h.Nonce, timeout, s.cfg.Now()); !ok {
		refuse(reason, "nonce "+strconv.FormatUint(h.Nonce, 10)+" refused: "+reason)
		return
	}
	var info Caller
	known := false
	if s.cfg.Registry != nil {
		info, known = s.cfg.Registry.Lookup(h.DendriteHotkey)
	}
	switch {
	case !known && !s.cfg.AllowUnregistered:
		refuse(ReasonUnregistered, "caller "+caller.String()+" is not registered on the subnet")
		return
	case known && !info.ValidatorPermit && !s.cfg.AllowNoPermit:
		refuse(ReasonNoValidatorPermit, fmt.Sprintf("caller uid %d holds no validator permit", info.UID))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	if err := s.queue.Acquire(ctx, float64(info.Stake)); err != nil {
		if errors.Is(err, ErrBusy) {
			refuse(ReasonBusy, "too many requests waiting")
		} else {
			refuse(ReasonTimeout, "timed out waiting for a slot")
		}
		return
	}
	out, err := func() ([]byte, error) {
		defer s.queue.Release()
		return s.cfg.Handler.Serve(ctx, &Request{Name: name, Body: body, Caller: caller, Info: info,
			Timeout: timeout, Nonce: h.Nonce, UUID: h.UUID})
	}()
	if err != nil {
		if errors.Is(err, ErrTimeout) || errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			refuse(ReasonTimeout, fmt.Sprintf("no answer within %v", timeout))
		} else {
			refuse(ReasonCommandFailed, err.Error())
		}
		return
	}
	s.Stats.add(ReasonOK)
	s.writeHeaders(w, h, ReasonOK, start)
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
	log.Debug("request answered", "caller", caller.String(), "uid", info.UID, "name", name,
		"bytes", len(out), "took", time.Since(start).Round(time.Microsecond))
}

// writeHeaders sets the axon's signed response headers.
func (s *Server) writeHeaders(w http.ResponseWriter, h RequestHeaders, reason string, start time.Time) {
	hd := w.Header()
	set := func(k, v string) { hd[k] = []string{v} }
	me := s.cfg.Keypair.AccountID()
	n := max(uint64(time.Now().UnixNano()), s.nonce.Load()+1)
	s.nonce.Store(n)
	set(HeaderAxonHotkey, me.String())
	set(HeaderAxonNonce, strconv.FormatUint(n, 10))
	set(HeaderAxonUUID, s.uuid)
	set(HeaderAxonVersion, strconv.Itoa(Version))
	set(HeaderAxonStatusCode, strconv.Itoa(StatusOf(reason)))
	set(HeaderAxonStatusMsg, reason)
	set(HeaderAxonProcessTime, strconv.FormatFloat(time.Since(start).Seconds(), 'f', 6, 64))
	if h.DendriteHotkey != (keys.AccountID{}) {
		if sig, err := s.cfg.Keypair.Sign(ResponseMessage(n, h.DendriteHotkey, me, s.uuid)); err == nil {
			set(HeaderAxonSig, "0x"+hex.EncodeToString(sig[:]))
		}
	}
}

// Serve serves the axon on ln until ctx ends, then shuts down gracefully
// (waiting up to grace for requests in flight).
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: s.cfg.MaxTimeout + 30*time.Second, WriteTimeout: s.cfg.MaxTimeout + 30*time.Second,
		IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelDebug)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		_ = hs.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// NewUUID returns a random RFC 4122 version-4 UUID string.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	x := hex.EncodeToString(b[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}
