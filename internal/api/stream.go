package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/query"
)

// stream serves GET /v1/stream: committed blocks (header, hash, state root,
// receipts with their events, block events) as server-sent events, or as a
// chunked stream of msgpack records when the client accepts msgpack. With
// ?from=H it first replays blocks H… from the store, then follows live
// blocks without gaps. A client that falls too far behind gets a final
// "lagged" error and may reconnect with from = last height + 1.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) error {
	var from uint64
	if v := r.URL.Query().Get("from"); v != "" {
		f, err := strconv.ParseUint(v, 10, 64)
		if err != nil || f == 0 {
			return badRequest("from=%q is not a block height (blocks start at 1)", v)
		}
		from = f
	}
	sub := s.n.Hub().Subscribe(s.cfg.StreamBuffer)
	defer sub.Close()
	head := s.n.App().Info().Height
	if from > head+1 {
		return badRequest("from=%d is beyond the next block %d", from, head+1)
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // streams outlive the write timeout
	mp := wantsMsgpack(r)
	var enc *msgpack.Encoder
	if mp {
		w.Header().Set("Content-Type", MediaMsgpack)
		enc = msgpack.NewEncoder(w)
		enc.SetCustomStructTag("json")
		enc.UseCompactInts(true)
	} else {
		w.Header().Set("Content-Type", MediaSSE)
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(b *chain.BlockResult) error {
		if mp {
			if err := enc.Encode(b); err != nil {
				return err
			}
		} else {
			data, err := json.Marshal(b)
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(w, "id: %d\nevent: block\ndata: %s\n\n", b.Header.Height, data); err != nil {
				return err
			}
		}
		return rc.Flush()
	}
	last := from - 1
	if from == 0 {
		last = head
	}
	for h := from; from > 0 && h <= head; h++ {
		snap, err := s.st.Snapshot()
		if err != nil {
			return nil
		}
		b, err := query.ReadBlock(snap, h)
		snap.Release()
		if err != nil {
			s.streamError(w, mp, CodeInternal, err)
			return nil
		}
		s.fillRoot(b)
		if err := send(b); err != nil {
			return nil
		}
		last = h
	}
	if err := rc.Flush(); err != nil {
		return nil
	}
	ping := time.NewTicker(s.cfg.StreamPing)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-ping.C:
			if !mp {
				if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
					return nil
				}
				if err := rc.Flush(); err != nil {
					return nil
				}
			}
		case b, ok := <-sub.C:
			if !ok {
				if sub.Lagged() {
					s.streamError(w, mp, CodeLagged, fmt.Errorf("stream fell more than %d blocks behind after block %d; reconnect with from=%d", s.cfg.StreamBuffer, last, last+1))
				}
				return nil
			}
			if b.Header.Height <= last {
				continue
			}
			if err := send(b); err != nil {
				return nil
			}
			last = b.Header.Height
		}
	}
}

// streamError ends a stream with an error record.
func (s *Server) streamError(w http.ResponseWriter, mp bool, code string, err error) {
	body := ErrorBody{Error: err.Error(), Code: code}
	if mp {
		if b, e := marshalMsgpack(body); e == nil {
			_, _ = w.Write(b)
		}
	} else {
		var buf bytes.Buffer
		_ = json.NewEncoder(&buf).Encode(body)
		_, _ = fmt.Fprintf(w, "event: error\ndata: %s\n", buf.Bytes())
	}
	_ = http.NewResponseController(w).Flush()
}
