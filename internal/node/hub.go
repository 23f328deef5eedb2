package node

import (
	"sync"

	"github.com/taokit/taokit/internal/chain"
)

// Hub publishes committed blocks to subscribers. A subscriber that falls
// more than its buffer behind is cut off: its channel is closed and Lagged
// reports true, so it can resume from the store.
type Hub struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	closed bool
}

// Subscription receives committed blocks in height order.
type Subscription struct {
	C      <-chan *chain.BlockResult
	c      chan *chain.BlockResult
	hub    *Hub
	lagged bool
}

// NewHub returns a hub without subscribers.
func NewHub() *Hub { return &Hub{subs: map[*Subscription]struct{}{}} }

// Subscribe registers a subscriber with a buffer of buf blocks.
func (h *Hub) Subscribe(buf int) *Subscription {
	c := make(chan *chain.BlockResult, max(buf, 1))
	s := &Subscription{C: c, c: c, hub: h}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(c)
		return s
	}
	h.subs[s] = struct{}{}
	return s
}

// Publish hands b to every subscriber without blocking.
func (h *Hub) Publish(b *chain.BlockResult) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		select {
		case s.c <- b:
		default:
			s.lagged = true
			delete(h.subs, s)
			close(s.c)
		}
	}
}

// Close ends every subscription.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		close(s.c)
	}
}

// Count is the number of subscribers.
func (h *Hub) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close unsubscribes; it is idempotent.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	if _, ok := s.hub.subs[s]; ok {
		delete(s.hub.subs, s)
		close(s.c)
	}
}

// Lagged reports whether the hub cut the subscriber off for falling behind.
func (s *Subscription) Lagged() bool {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return s.lagged
}
