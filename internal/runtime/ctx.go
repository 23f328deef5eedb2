package runtime

import (
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/state"
)

// AccountID is a 32-byte public key.
type AccountID = keys.AccountID

// Ctx is the environment of one call or hook: the state, the block being
// built, the signer (zero for hooks) and the event sink.
type Ctx struct {
	S      *state.State
	Block  uint64
	Signer AccountID
	Parent [32]byte // parent block hash (hooks that need randomness read it)
	events []Event
}

// NewCtx returns a context for block.
func NewCtx(s *state.State, block uint64, signer AccountID) *Ctx {
	return &Ctx{S: s, Block: block, Signer: signer}
}

// Emit records an event.
func (c *Ctx) Emit(name string, kv ...any) { c.events = append(c.events, NewEvent(name, kv...)) }

// Events returns the events emitted so far.
func (c *Ctx) Events() []Event { return c.events }

// TruncateEvents drops events after the first n (used when a call is reverted).
func (c *Ctx) TruncateEvents(n int) { c.events = c.events[:n] }
