package api

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// Config configures the server.
type Config struct {
	MaxBodyBytes int64         // request body limit (default 1 MiB)
	ReadTimeout  time.Duration // whole request read (default 10 s)
	WriteTimeout time.Duration // response write, except streams and waits (default 30 s)
	IdleTimeout  time.Duration // keep-alive idle (default 120 s)
	MaxWait      time.Duration // longest ?wait=true (default 60 s)
	StreamBuffer int           // blocks a stream subscriber may fall behind (default 256)
	StreamPing   time.Duration // SSE comment interval keeping idle streams open (default 15 s)
	CacheEntries int           // query responses cached by state root (default 256; negative disables)
	CacheBytes   int           // cache size bound (default 64 MiB)
	Logger       *slog.Logger
}

func (c *Config) defaults() {
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 10 * time.Second
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = 30 * time.Second
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 120 * time.Second
	}
	if c.MaxWait <= 0 {
		c.MaxWait = 60 * time.Second
	}
	if c.StreamBuffer <= 0 {
		c.StreamBuffer = 256
	}
	if c.StreamPing <= 0 {
		c.StreamPing = 15 * time.Second
	}
	if c.CacheEntries == 0 {
		c.CacheEntries = 256
	}
	if c.CacheBytes <= 0 {
		c.CacheBytes = 64 << 20
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Server serves the API of one node.
type Server struct {
	n     *node.Node
	st    store.Store
	cfg   Config
	log   *slog.Logger
	mux   *http.ServeMux
	cache *respCache
}

// New returns a server for n.
func New(n *node.Node, cfg Config) *Server {
	cfg.defaults()
	s := &Server{n: n, st: n.Store(), cfg: cfg, log: cfg.Logger, mux: http.NewServeMux(), cache: newRespCache(cfg.CacheEntries, cfg.CacheBytes)}
	s.routes()
	return s
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.mux }

// Serve serves on ln until ctx ends, then shuts down gracefully (open
// streams are closed, in-flight requests get a few seconds).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.mux,
		ReadTimeout:       s.cfg.ReadTimeout,
		ReadHeaderTimeout: s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = hs.Close()
	}
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

type handler func(w http.ResponseWriter, r *http.Request) error

// route registers h for method on path; other methods get 405.
func (s *Server) route(method, path string, h handler) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
			w.Header().Set("Allow", method)
			s.writeError(w, r, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "", fmt.Errorf("method %s not allowed on %s", r.Method, r.URL.Path))
			return
		}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func (s *Server) routes() {
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, http.StatusNotFound, CodeNotFound, "", fmt.Errorf("no endpoint %s", r.URL.Path))
	})
	s.route(http.MethodGet, "/health", s.health)
	s.route(http.MethodGet, "/metrics", s.metrics)
	s.route(http.MethodGet, "/v1/head", s.head)
	s.route(http.MethodGet, "/v1/blocks/{height}", s.block)
	s.route(http.MethodPost, "/v1/tx", s.submit)
	s.route(http.MethodGet, "/v1/mempool", s.mempool)
	s.route(http.MethodGet, "/v1/calls", s.calls)
	s.route(http.MethodGet, "/v1/accounts/{address}", s.account)
	s.route(http.MethodGet, "/v1/subnets", s.subnets)
	s.route(http.MethodGet, "/v1/subnets/{netuid}", s.subnet)
	s.route(http.MethodGet, "/v1/subnets/{netuid}/metagraph", s.metagraph)
	s.route(http.MethodGet, "/v1/subnets/{netuid}/quote", s.quote)
	s.route(http.MethodGet, "/v1/stake/{coldkey}", s.stake)
	s.route(http.MethodGet, "/v1/children/{hotkey}", s.children)
	s.route(http.MethodGet, "/v1/delegates", s.delegates)
	s.route(http.MethodGet, "/v1/fees", s.fees)
	s.route(http.MethodGet, "/v1/emission", s.emission)
	s.route(http.MethodGet, "/v1/lock-cost", s.lockCost)
	s.route(http.MethodGet, "/v1/stream", s.stream)
}

// httpError carries a status and code to fail.
type httpError struct {
	status       int
	code, reason string
	err          error
}

func (e *httpError) Error() string { return e.err.Error() }
func (e *httpError) Unwrap() error { return e.err }

func badRequest(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, code: CodeBadRequest, err: fmt.Errorf("%w: "+format, append([]any{ErrBadRequest}, args...)...)}
}

// fail maps an error to a status and writes it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		s.writeError(w, r, he.status, he.code, he.reason, err)
	case errors.As(err, &mbe):
		s.writeError(w, r, http.StatusRequestEntityTooLarge, CodeTooLarge, "", fmt.Errorf("request body over %d bytes", mbe.Limit))
	case errors.Is(err, query.ErrNotFound):
		s.writeError(w, r, http.StatusNotFound, CodeNotFound, "", err)
	case errors.Is(err, query.ErrBadRequest):
		s.writeError(w, r, http.StatusBadRequest, CodeBadRequest, "", err)
	case errors.Is(err, store.ErrPruned):
		s.writeError(w, r, http.StatusGone, CodePruned, "", err)
	case errors.Is(err, store.ErrFutureHeight):
		s.writeError(w, r, http.StatusNotFound, CodeFutureHeight, "", err)
	case errors.Is(err, store.ErrClosed), errors.Is(err, node.ErrStopped):
		s.writeError(w, r, http.StatusServiceUnavailable, CodeUnavailable, "", err)
	case errors.Is(err, context.DeadlineExceeded):
		s.writeError(w, r, http.StatusGatewayTimeout, CodeTimeout, "", err)
	case errors.Is(err, context.Canceled):
		// The client went away; nothing useful to write.
	default:
		s.log.Error("api request failed", "path", r.URL.Path, "err", err)
		s.writeError(w, r, http.StatusInternalServerError, CodeInternal, "", err)
	}
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, code, reason string, err error) {
	s.write(w, r, status, ErrorBody{Error: err.Error(), Code: code, Reason: reason})
}

// wantsMsgpack reports whether the client asked for msgpack responses.
func wantsMsgpack(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err == nil && (mt == MediaMsgpack || mt == "application/x-msgpack" || mt == "application/vnd.msgpack") {
			return true
		}
	}
	return false
}

// write encodes v as JSON or msgpack per the Accept header.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, ctype, err := encode(r, v)
	if err != nil {
		s.log.Error("encode response", "path", r.URL.Path, "err", err)
		http.Error(w, `{"error":"encode response","code":"internal"}`, http.StatusInternalServerError)
		return
	}
	send(w, r, status, ctype, body)
}

func send(w http.ResponseWriter, r *http.Request, status int, ctype string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// readAt opens the state a query reads: the latest committed version, or
// ?at=H (a chain height within the retention window).
func (s *Server) readAt(r *http.Request) (store.Snapshot, error) {
	v := r.URL.Query().Get("at")
	if v == "" || v == "latest" {
		return s.st.Snapshot()
	}
	h, err := strconv.ParseUint(v, 10, 64)
	if err != nil || h > 1<<62 {
		return nil, badRequest("at=%q is not a block height", v)
	}
	return s.st.At(chain.StoreHeight(h))
}

// withReader runs q on the requested state and writes its result. Results
// are cached by state root, endpoint and encoding: a state root fixes
// every query's answer, so repeated reads between blocks (or of a past
// height) cost one lookup.
func withReader[T any](s *Server, w http.ResponseWriter, r *http.Request, q func(store.Reader) (T, error)) error {
	snap, err := s.readAt(r)
	if err != nil {
		return err
	}
	key := s.cache.key(snap.Root(), r)
	if e, ok := s.cache.get(key); ok {
		snap.Release()
		send(w, r, http.StatusOK, e.ctype, e.body)
		return nil
	}
	v, err := q(snap)
	snap.Release()
	if err != nil {
		return err
	}
	buf := getBuf()
	body, ctype, err := encodeTo(buf, r, v)
	if err != nil {
		putBuf(buf)
		return fmt.Errorf("encode response: %w", err)
	}
	kept := s.cache.put(key, cacheEntry{body: body, ctype: ctype})
	send(w, r, http.StatusOK, ctype, body)
	if !kept {
		putBuf(buf)
	}
	return nil
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	return withReader(s, w, r, func(rd store.Reader) (Health, error) {
		h, err := query.ReadHead(rd)
		return Health{Status: "ok", Height: h.Height, HeadTime: h.Time, GenesisHash: h.GenesisHash}, err
	})
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) error {
	txs, bytes := s.n.Mempool().Size()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	return s.n.Metrics().Write(w, txs, bytes, s.n.Hub().Count())
}

func (s *Server) head(w http.ResponseWriter, r *http.Request) error {
	return withReader(s, w, r, query.ReadHead)
}

func pathUint(r *http.Request, name string, bits int) (uint64, error) {
	v := r.PathValue(name)
	n, err := strconv.ParseUint(v, 10, bits)
	if err != nil {
		return 0, badRequest("%s %q is not a number below 2^%d", name, v, bits)
	}
	return n, nil
}

func (s *Server) block(w http.ResponseWriter, r *http.Request) error {
	var h uint64
	if r.PathValue("height") == "latest" {
		h = s.n.App().Info().Height
	} else {
		var err error
		if h, err = pathUint(r, "height", 64); err != nil {
			return err
		}
	}
	// One snapshot at a time: bbolt readers must not nest (see store.BoltStore).
	snap, err := s.readAt(r)
	if err != nil {
		return err
	}
	b, err := query.ReadBlock(snap, h)
	snap.Release()
	if errors.Is(err, query.ErrNotFound) && !r.URL.Query().Has("at") {
		// A record older than block_record_retention has left the latest
		// state; the store's history (or an archive) still holds it at the
		// block's own height.
		if old, e := s.st.At(chain.StoreHeight(h)); e == nil {
			b, err = query.ReadBlock(old, h)
			old.Release()
		}
	}
	if err != nil {
		return err
	}
	s.fillRoot(b)
	buf := getBuf()
	defer putBuf(buf)
	body, ctype, err := encodeTo(buf, r, b)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	send(w, r, http.StatusOK, ctype, body)
	return nil
}

// fillRoot sets a stored block's state root when its height is still
// within the retention window (the block record itself predates its root).
func (s *Server) fillRoot(b *chain.BlockResult) {
	if snap, err := s.st.At(chain.StoreHeight(b.Header.Height)); err == nil {
		b.Root = chain.Hash(snap.Root())
		snap.Release()
	}
}

func (s *Server) mempool(w http.ResponseWriter, r *http.Request) error {
	txs, bytes := s.n.Mempool().Size()
	s.write(w, r, http.StatusOK, MempoolInfo{Txs: txs, Bytes: bytes})
	return nil
}

func (s *Server) calls(w http.ResponseWriter, r *http.Request) error {
	c := Calls{Known: tx.CallNames(), Supported: []string{}}
	for _, n := range c.Known {
		if runtime.Supported(n) {
			c.Supported = append(c.Supported, n)
		}
	}
	s.write(w, r, http.StatusOK, c)
	return nil
}

func pathAccount(r *http.Request, name string) (keys.AccountID, error) {
	v := r.PathValue(name)
	id, err := keys.ParseAccountIDAny(v)
	if err != nil {
		return id, badRequest("%s %q is not an SS58 address or 32-byte hex key", name, v)
	}
	return id, nil
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	id, err := pathAccount(r, "address")
	if err != nil {
		return err
	}
	return withReader(s, w, r, func(rd store.Reader) (query.Account, error) { return query.ReadAccount(rd, id) })
}

func (s *Server) subnets(w http.ResponseWriter, r *http.Request) error {
	return withReader(s, w, r, query.ReadSubnets)
}

func (s *Server) subnet(w http.ResponseWriter, r *http.Request) error {
	n, err := pathUint(r, "netuid", 16)
	if err != nil {
		return err
	}
	return withReader(s, w, r, func(rd store.Reader) (query.Subnet, error) { return query.ReadSubnet(rd, uint16(n)) })
}

func boolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest("%s=%q is not a boolean", name, v)
	}
	return b, nil
}

func (s *Server) metagraph(w http.ResponseWriter, r *http.Request) error {
	n, err := pathUint(r, "netuid", 16)
	if err != nil {
		return err
	}
	var o query.MetagraphOptions
	for _, p := range []struct {
		name string
		dst  *bool
	}{{"weights", &o.Weights}, {"bonds", &o.Bonds}, {"stakers", &o.Stakers}} {
		if *p.dst, err = boolParam(r, p.name); err != nil {
			return err
		}
	}
	// Metagraphs are large: their neuron storage is recycled once encoded.
	mg := mgPool.Get().(*query.Metagraph)
	defer mgPool.Put(mg)
	return withReader(s, w, r, func(rd store.Reader) (*query.Metagraph, error) {
		return mg, query.ReadMetagraphInto(mg, rd, uint16(n), o)
	})
}

func (s *Server) quote(w http.ResponseWriter, r *http.Request) error {
	n, err := pathUint(r, "netuid", 16)
	if err != nil {
		return err
	}
	side := r.URL.Query().Get("side")
	amount, err := strconv.ParseUint(r.URL.Query().Get("amount"), 10, 64)
	if err != nil {
		return badRequest("amount=%q is not an integer (RAO)", r.URL.Query().Get("amount"))
	}
	return withReader(s, w, r, func(rd store.Reader) (query.Quote, error) { return query.ReadQuote(rd, uint16(n), side, amount) })
}

func (s *Server) stake(w http.ResponseWriter, r *http.Request) error {
	id, err := pathAccount(r, "coldkey")
	if err != nil {
		return err
	}
	return withReader(s, w, r, func(rd store.Reader) (*query.ColdkeyStake, error) { return query.ReadStake(rd, id) })
}

func (s *Server) children(w http.ResponseWriter, r *http.Request) error {
	hk, err := pathAccount(r, "hotkey")
	if err != nil {
		return err
	}
	v := r.URL.Query().Get("netuid")
	if v == "" {
		return badRequest("netuid is required (child keys are per subnet)")
	}
	n, err := strconv.ParseUint(v, 10, 16)
	if err != nil {
		return badRequest("netuid=%q is not a number below 2^16", v)
	}
	return withReader(s, w, r, func(rd store.Reader) (*query.Children, error) { return query.ReadChildren(rd, hk, uint16(n)) })
}

func (s *Server) fees(w http.ResponseWriter, r *http.Request) error {
	return withReader(s, w, r, query.ReadFees)
}

func (s *Server) delegates(w http.ResponseWriter, r *http.Request) error {
	return withReader(s, w, r, query.ReadDelegates)
}

func (s *Server) emission(w http.ResponseWriter, r *http.Request) error {
	return withReader(s, w, r, query.ReadPendingEmission)
}

func (s *Server) lockCost(w http.ResponseWriter, r *http.Request) error {
	return withReader(s, w, r, query.ReadLockCost)
}

// readTx reads the signed call from the body per its Content-Type.
func (s *Server) readTx(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" {
		mt, err = MediaOctet, nil
	}
	if err != nil {
		return nil, &httpError{status: http.StatusUnsupportedMediaType, code: CodeUnsupportedMedia, err: fmt.Errorf("%w: %q", ErrUnsupportedMediaType, ct)}
	}
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	raw, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	switch mt {
	case MediaOctet, MediaMsgpack, "application/x-msgpack", "application/vnd.msgpack":
		return raw, nil
	case MediaJSON:
		var req SubmitRequest
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return nil, badRequest("body is not {\"tx\": \"<hex>\"}: %v", err)
		}
		b, err := hex.DecodeString(strings.TrimPrefix(req.Tx, "0x"))
		if err != nil || len(b) == 0 {
			return nil, badRequest("tx is not non-empty hex")
		}
		return b, nil
	}
	return nil, &httpError{status: http.StatusUnsupportedMediaType, code: CodeUnsupportedMedia,
		err: fmt.Errorf("%w: %q (want %s, %s or %s)", ErrUnsupportedMediaType, mt, MediaOctet, MediaMsgpack, MediaJSON)}
}

// submitError maps a refused call to a status.
func submitError(err error) error {
	reason := node.Reason(err)
	status, code := http.StatusUnprocessableEntity, CodeTxRejected
	switch {
	case errors.Is(err, tx.ErrMalformed), errors.Is(err, tx.ErrTooLarge), errors.Is(err, tx.ErrBadVersion), errors.Is(err, tx.ErrUnknownCall):
		status, code = http.StatusBadRequest, CodeMalformedTx
	case errors.Is(err, node.ErrNonceTaken):
		status, code = http.StatusConflict, CodeNonceTaken
	case errors.Is(err, node.ErrAccountLimit):
		status, code = http.StatusTooManyRequests, CodeAccountLimit
	case errors.Is(err, node.ErrMempoolFull):
		status, code = http.StatusServiceUnavailable, CodeMempoolFull
	case errors.Is(err, node.ErrDropped):
		status, code = http.StatusConflict, CodeDropped
	case errors.Is(err, node.ErrStopped):
		status, code = http.StatusServiceUnavailable, CodeUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		status, code, reason = http.StatusGatewayTimeout, CodeTimeout, ""
	}
	return &httpError{status: status, code: code, reason: reason, err: err}
}

func (s *Server) submit(w http.ResponseWriter, r *http.Request) error {
	raw, err := s.readTx(w, r)
	if err != nil {
		return err
	}
	wait, err := boolParam(r, "wait")
	if err != nil {
		return err
	}
	if !wait {
		res, err := s.n.Submit(raw)
		if err != nil && !errors.Is(err, node.ErrKnown) {
			return submitError(err)
		}
		status := StatusPending
		if res.Future {
			status = StatusFuture
		}
		s.write(w, r, http.StatusAccepted, result(res, status, nil))
		return nil
	}
	timeout := s.cfg.MaxWait
	if v := r.URL.Query().Get("timeout"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return badRequest("timeout=%q is not a positive duration", v)
		}
		timeout = min(d, s.cfg.MaxWait)
	}
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(timeout + s.cfg.WriteTimeout))
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	res, inc, err := s.n.SubmitWait(ctx, raw)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return submitError(fmt.Errorf("not included within %s (still pending): %w", timeout, err))
		}
		return submitError(err)
	}
	s.write(w, r, http.StatusOK, result(res, StatusIncluded, &inc))
	return nil
}

func result(c chain.CheckResult, status string, inc *node.Inclusion) SubmitResult {
	return SubmitResult{Hash: c.Hash, Status: status, Signer: c.Signer, Nonce: c.Nonce, Call: c.Call, Fee: c.Fee, Inclusion: inc}
}
