package sharepool

import "testing"

// BenchmarkUpdateForOne is one stake and one unstake on a pool with history
// (the share-pool part of add_stake + remove_stake).
func BenchmarkUpdateForOne(b *testing.B) {
	p := Pool{}
	sh := p.UpdateForOne(Zero, 1_000_000_000_000)
	p.UpdateForAll(123_456_789_012)
	b.ReportAllocs()
	for b.Loop() {
		sh = p.UpdateForOne(sh, 10_000_000_000)
		_ = p.ValueOf(sh)
		sh = p.UpdateForOne(sh, -10_000_000_000)
	}
}
