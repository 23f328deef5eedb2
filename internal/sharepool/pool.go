package sharepool

import "github.com/taokit/taokit/internal/state"

// Pool is one share pool's totals: the shared value (TotalHotkeyAlpha, in
// RAO) and the share denominator (TotalHotkeySharesV2). Members' shares are
// held by the caller and passed in; the operations return the new share so
// the caller can store it (the chain's SharePoolDataOperations).
type Pool struct {
	Value uint64
	Denom Float
}

// PoolFromState reads a stored stake pool's totals.
func PoolFromState(p state.StakePool) Pool { return Pool{Value: p.Value, Denom: FromState(p.Denom)} }

// ValueOf is get_value / get_value_from_shares: ⌊V·share/D⌋ in SafeFloat
// arithmetic, 0 when the denominator is zero.
func (p Pool) ValueOf(share Float) uint64 {
	v, ok := FromU64(p.Value).MulDiv(share, p.Denom)
	if !ok {
		return 0
	}
	return v.ToU64()
}

// UpdateForAll is update_value_for_all: V += update, saturating both ways;
// shares are untouched.
func (p *Pool) UpdateForAll(update int64) {
	if update >= 0 {
		p.Value = satAdd(p.Value, uint64(update))
	} else {
		p.Value = satSub(p.Value, uint64(-(update+1))+1)
	}
}

// SharesPerUpdate is get_shares_per_update: |update|·D/V, zero when V is 0
// or the arithmetic overflows.
func (p Pool) SharesPerUpdate(update int64) Float {
	r, ok := FromU64(absI64(update)).MulDiv(p.Denom, FromU64(p.Value))
	if !ok {
		return Zero
	}
	return r
}

// SimUpdateForOne is sim_update_value_for_one: whether a member update of
// this size would change any shares (always true for an empty denominator).
func (p Pool) SimUpdateForOne(update int64) bool {
	if p.Denom.IsZero() {
		return true
	}
	return !p.SharesPerUpdate(update).IsZero()
}

// UpdateForOne is update_value_for_one for a member holding share: it moves
// the denominator and the share by update·D/V (truncated; overflowing
// additions keep the old value as the chain does), then the value by update.
// It returns the member's new share.
func (p *Pool) UpdateForOne(share Float, update int64) Float {
	if p.Denom.IsZero() {
		// The first key gets all (the chain does this for either sign).
		f := FromU64(absI64(update))
		p.Denom = f
		share = f
	} else {
		spu := p.SharesPerUpdate(update)
		var nd, ns Float
		var ok bool
		if update > 0 {
			if nd, ok = p.Denom.Add(spu); !ok {
				nd = p.Denom
			}
			if ns, ok = share.Add(spu); !ok {
				ns = share
			}
		} else {
			if nd, ok = p.Denom.Sub(spu); !ok {
				nd = p.Denom
			}
			if ns, ok = share.Sub(spu); !ok {
				ns = share
			}
		}
		p.Denom = nd
		share = ns
	}
	p.UpdateForAll(update)
	return share
}

func absI64(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

func satAdd(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

func satSub(a, b uint64) uint64 {
	if a < b {
		return 0
	}
	return a - b
}
