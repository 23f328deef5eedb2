package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/tx"
)

// BenchmarkAddRemoveStake measures one add_stake plus one remove_stake
// dispatch (validation, pool swap, share-pool update, fee burn, events) on a
// dynamic subnet, each call inside a checkpoint as the chain runs it.
func BenchmarkAddRemoveStake(b *testing.B) {
	e := newStakeEnv(b)
	add := tx.AddStake{Hotkey: e.aHot1, Netuid: uint16(e.n1), Amount: 10 * rTAO}
	// A standing stake so that each remove leaves a remainder above the minimum.
	e.stake(b, e.bob, e.aHot1, e.n1, 50*rTAO)
	c := NewCtx(e.s, e.block, e.bob)
	b.ReportAllocs()
	for b.Loop() {
		before := StakeOf(e.s, e.aHot1, e.bob, e.n1)
		if err := Dispatch(c, add); err != nil {
			b.Fatal(err)
		}
		gained := StakeOf(e.s, e.aHot1, e.bob, e.n1) - before
		if err := Dispatch(c, tx.RemoveStake{Hotkey: e.aHot1, Netuid: uint16(e.n1), Amount: gained}); err != nil {
			b.Fatal(err)
		}
		c.TruncateEvents(0)
		e.s.Discard()
	}
}
