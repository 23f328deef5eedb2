// Package runtime is the chain's logic: the effect of every call and of the
// per-block hooks on state, with subtensor's checks in subtensor's order and
// its error names (dtao.md §4–§7). It is deterministic: no wall clock, no
// floats, no map iteration reaching state or events. Calls run against a
// Ctx; the caller (internal/chain) takes a checkpoint before each call and
// reverts it when the call returns an error.
package runtime
