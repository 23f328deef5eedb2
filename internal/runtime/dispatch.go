package runtime

import (
	"fmt"

	"github.com/taokit/taokit/internal/tx"
)

type handler struct {
	run  func(*Ctx, tx.Call) error
	free bool // Pays::No in subtensor
}

var handlers = map[string]handler{}

// register installs the handler of call type T. Each call family registers
// its calls from an init function in its own file.
func register[T tx.Call](fn func(*Ctx, T) error, free bool) {
	var zero T
	name := zero.CallName()
	if _, dup := handlers[name]; dup {
		panic("runtime: duplicate handler for " + name)
	}
	handlers[name] = handler{run: func(c *Ctx, call tx.Call) error { return fn(c, call.(T)) }, free: free}
}

func init() {
	register(callTransfer, false)
	register(callTransferKeepAlive, false)
	register(callTransferAll, false)
}

// Supported reports whether the runtime implements the call.
func Supported(name string) bool {
	_, ok := handlers[name]
	return ok
}

// PaysFee reports whether the call pays the transaction fee (subtensor's
// Pays::Yes); weights, commits, serving and take changes are free.
func PaysFee(name string) bool { return !handlers[name].free }

// Dispatch runs call in c. On error the caller must revert the state to its
// checkpoint: handlers may have written before failing.
func Dispatch(c *Ctx, call tx.Call) error {
	h, ok := handlers[call.CallName()]
	if !ok {
		return fmt.Errorf("call %s: %w", call.CallName(), ErrCallNotImplemented)
	}
	return h.run(c, call)
}

// ErrCallNotImplemented is returned for calls the wire format knows but this
// runtime does not implement.
var ErrCallNotImplemented = newErr("CallNotImplemented")
