package axon

import (
	"container/heap"
	"context"
	"sync"
)

// PriorityLimiter admits at most limit holders at a time; the others wait
// ordered by priority (higher first), then arrival. It is safe for
// concurrent use.
type PriorityLimiter struct {
	mu       sync.Mutex
	limit    int
	maxQueue int
	running  int
	seq      uint64
	waiters  waitHeap
}

// NewPriorityLimiter returns a limiter running at most limit (≥ 1) at once
// with at most maxQueue (≥ 0) waiting.
func NewPriorityLimiter(limit, maxQueue int) *PriorityLimiter {
	return &PriorityLimiter{limit: max(1, limit), maxQueue: max(0, maxQueue)}
}

type waiter struct {
	prio    float64
	seq     uint64
	ready   chan struct{}
	index   int // in the heap; -1 once granted or removed
	granted bool
}

type waitHeap []*waiter

func (h waitHeap) Len() int { return len(h) }
func (h waitHeap) Less(i, j int) bool {
	if h[i].prio != h[j].prio {
		return h[i].prio > h[j].prio
	}
	return h[i].seq < h[j].seq
}
func (h waitHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waitHeap) Push(x any) {
	w := x.(*waiter)
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *waitHeap) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	w.index = -1
	return w
}

// Acquire waits for a slot. It returns ErrBusy at once when the queue is
// full and ctx's error when ctx ends first. Every nil return must be paired
// with one Release.
func (l *PriorityLimiter) Acquire(ctx context.Context, priority float64) error {
	l.mu.Lock()
	if l.running < l.limit && len(l.waiters) == 0 {
		l.running++
		l.mu.Unlock()
		return nil
	}
	if len(l.waiters) >= l.maxQueue {
		l.mu.Unlock()
		return ErrBusy
	}
	l.seq++
	w := &waiter{prio: priority, seq: l.seq, ready: make(chan struct{})}
	heap.Push(&l.waiters, w)
	l.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		if w.granted {
			// Granted as ctx ended: hand the slot on.
			l.mu.Unlock()
			l.Release()
			return ctx.Err()
		}
		heap.Remove(&l.waiters, w.index)
		l.mu.Unlock()
		return ctx.Err()
	}
}

// Release frees a slot, granting it to the highest-priority waiter.
func (l *PriorityLimiter) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.waiters) > 0 {
		w := heap.Pop(&l.waiters).(*waiter)
		w.granted = true
		close(w.ready)
		return
	}
	l.running--
}

// Stats returns the number running and waiting.
func (l *PriorityLimiter) Stats() (running, waiting int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.running, len(l.waiters)
}
