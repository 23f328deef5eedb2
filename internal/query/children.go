package query

import (
	"fmt"
	"math/bits"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

// ChildLink is one child (or parent) hotkey with its proportion of the
// parent's stake weight, of u64::MAX (18446744073709551615 = 100%).
type ChildLink struct {
	Hotkey     Address `json:"hotkey"`
	Proportion uint64  `json:"proportion"`
}

// Children is a hotkey's child-key data on one subnet (subtensor's
// ChildKeys, ParentKeys, PendingChildKeys and ChildkeyTake).
type Children struct {
	Hotkey   Address     `json:"hotkey"`
	Netuid   uint16      `json:"netuid"`
	Height   uint64      `json:"height"`
	Children []ChildLink `json:"children"` // in effect now
	Parents  []ChildLink `json:"parents"`  // hotkeys that have this one as a child

	// A set_children waiting out its cooldown: the list replaces the
	// children at the subnet's first epoch after block pending_at
	// (pending_applies_at is that epoch's block on the subnet's current
	// schedule, last_step + k·tempo; 0 when the subnet has no tempo).
	// has_pending with an empty list is a scheduled revocation.
	HasPending       bool        `json:"has_pending"`
	Pending          []ChildLink `json:"pending"`
	PendingAt        uint64      `json:"pending_at"`
	PendingAppliesAt uint64      `json:"pending_applies_at"`

	ChildkeyTake   uint16 `json:"childkey_take"`    // of 65 535: what the hotkey keeps as a child of its parents' dividends
	LastSet        uint64 `json:"last_set"`         // block of the last set_children (rate limit)
	LastTakeChange uint64 `json:"last_take_change"` // block of the last set_childkey_take
}

// ReadChildren returns hotkey hk's child keys on subnet n (empty lists for
// a hotkey that has none).
func ReadChildren(r store.Reader, hk AccountID, n uint16) (*Children, error) {
	net := state.NetUID(n)
	s, err := mini(r, net)
	if err != nil {
		return nil, err
	}
	sn, ok := s.Subnets.Get(net)
	if !ok {
		return nil, fmt.Errorf("subnet %d: %w", n, ErrNotFound)
	}
	h, err := headHeight(r)
	if err != nil {
		return nil, err
	}
	fam, _, err := tables.Families.Read(r, state.HotkeyNet{Hotkey: hk, Net: net})
	if err != nil {
		return nil, err
	}
	out := &Children{
		Hotkey: Address(hk), Netuid: n, Height: h,
		Children: links(fam.Children), Parents: links(fam.Parents), Pending: links(fam.PendingChildren),
		HasPending: fam.HasPending, ChildkeyTake: fam.ChildkeyTake, LastSet: fam.LastSet, LastTakeChange: fam.LastTakeChange,
	}
	if fam.HasPending {
		out.PendingAt = fam.PendingAt
		em, _ := s.Emissions.Get(net)
		out.PendingAppliesAt = firstEpochAfter(em.LastEpochBlock, uint64(sn.Tempo), fam.PendingAt)
	}
	return out, nil
}

func links(ls []state.ChildLink) []ChildLink {
	out := make([]ChildLink, len(ls))
	for i, l := range ls {
		out[i] = ChildLink{Hotkey: Address(l.Key), Proportion: l.Proportion}
	}
	return out
}

// firstEpochAfter is the first block after b of the schedule last + k·tempo
// (k ≥ 1); 0 for tempo 0 or past the u64 range.
func firstEpochAfter(last, tempo, b uint64) uint64 {
	if tempo == 0 {
		return 0
	}
	k := uint64(1)
	if b >= last {
		k = (b-last)/tempo + 1
	}
	hi, lo := bits.Mul64(k, tempo)
	if hi != 0 || lo+last < lo {
		return 0
	}
	return last + lo
}
