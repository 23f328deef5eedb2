// Package amm is subtensor's subnet pool (pallet-subtensor-swap) as a pure,
// deterministic library: the weighted "balancer" pool of the current chain,
// the constant-product pool of dTAO's launch, protocol liquidity injection,
// the max-amount queries of the staking pallet and the moving (EMA) price.
//
// Every result is bit-exact with the chain (dtao.md §3, §4.4, §4.6, §4.8):
// fixed-point arithmetic comes from internal/fixed with substrate-fixed's
// rounding, and the weighted pool's exponentiation, safe-bigmath's
// pow_ratio_scaled, is ported step for step in PowRatioScaledRef. The swap
// path evaluates the same function through a fast 128-bit approximation that
// carries a proven error bound and defers to the step-for-step port whenever
// the bound cannot decide the final floor (see pow_fast.go).
//
// The package does no I/O and uses no float64.
package amm
