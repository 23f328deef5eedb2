package chain

import (
	"fmt"

	"github.com/taokit/taokit/internal/runtime"
)

func (a *App) checkInvariants() error {
	if err := runtime.CheckInvariants(a.s); err != nil {
		return fmt.Errorf("%w: %w", ErrInvariant, err)
	}
	return nil
}

// CheckInvariants verifies the state invariants on the live state.
func (a *App) CheckInvariants() error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.checkInvariants()
}
