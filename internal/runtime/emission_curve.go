package runtime

import "github.com/taokit/taokit/internal/fixed"

// Supply constants (RAO).
const (
	TotalSupply          uint64 = 21_000_000 * 1_000_000_000
	DefaultBlockEmission uint64 = 1_000_000_000
)

// BlockEmissionForIssuance is get_block_emission_for_issuance (dtao.md §1.1):
// 1 TAO halved once per crossing of 21M·(1−2^−k), keyed to issuance; 0 at or
// above the 21M cap. The same curve gives each subnet's alpha emission.
func BlockEmissionForIssuance(issuance uint64) uint64 {
	if issuance >= TotalSupply {
		return 0
	}
	x := fixed.I96F32FromU64(issuance).SafeDiv(fixed.I96F32FromU64(TotalSupply))
	one := fixed.I96F32FromU64(1)
	inv, ok := one.CheckedDiv(one.Sub(x))
	if !ok {
		return 0
	}
	// floor(log2(inv)) the way substrate-fixed's log2 counts it (halvings
	// that round up), then 1 TAO / 2^k truncated, as the I96F32 product does.
	k, ok := inv.Log2Floor()
	if !ok || k >= 64 {
		return 0
	}
	return DefaultBlockEmission >> k
}
