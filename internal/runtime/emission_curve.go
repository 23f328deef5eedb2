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
	inv := one.SafeDiv(one.Sub(x))
	// floor(log2(inv)) for inv ≥ 1 is the bit position of its integer part.
	hi, lo := inv.FloorU128()
	k := 0
	for hi != 0 || lo > 1 {
		lo = lo>>1 | hi<<63
		hi >>= 1
		k++
	}
	if k >= 64 {
		return 0
	}
	return DefaultBlockEmission >> k
}
