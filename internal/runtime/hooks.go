package runtime

import "slices"

// Hook stages, in the order subtensor's on_initialize runs them (dtao.md §0.4).
const (
	StageRegistration = 20 // decay registration prices, reset per-block counters
	StageEmission     = 30 // mint the block emission
	StageReveal       = 40 // reveal matured commits
	StageCoinbase     = 50 // run_coinbase: inject, emit, drain, epochs
	StageMovingPrice  = 60 // update moving prices and root proportions
	StageChildren     = 70 // apply pending child keys
	StageRootClaim    = 80 // auto-claim root dividends
)

type hook struct {
	stage int
	name  string
	run   func(*Ctx) error
}

var beginHooks, endHooks []hook

// registerBeginHook adds a per-block hook run at the start of every block.
func registerBeginHook(stage int, name string, f func(*Ctx) error) {
	beginHooks = append(beginHooks, hook{stage, name, f})
	slices.SortStableFunc(beginHooks, func(a, b hook) int { return a.stage - b.stage })
}

// registerEndHook adds a hook run after the block's transactions.
func registerEndHook(stage int, name string, f func(*Ctx) error) {
	endHooks = append(endHooks, hook{stage, name, f})
	slices.SortStableFunc(endHooks, func(a, b hook) int { return a.stage - b.stage })
}

// BeginBlock runs the on_initialize hooks. An error means the chain cannot
// continue (a bug or corrupt state), not a failed call.
func BeginBlock(c *Ctx) error {
	for _, h := range beginHooks {
		if err := h.run(c); err != nil {
			return err
		}
	}
	return nil
}

// EndBlock runs the hooks after the block's transactions.
func EndBlock(c *Ctx) error {
	for _, h := range endHooks {
		if err := h.run(c); err != nil {
			return err
		}
	}
	return nil
}
