package amm

import "github.com/taokit/taokit/internal/fixed"

// MaxAmountAdd is get_max_amount_add (dtao.md §4.4): the most TAO a buy can
// spend without moving the price past limitRAO. Stable subnets: u64::MAX if
// the limit is at least 1.0 (10^9 RAO), else 0. Dynamic subnets: simulate a
// buy of 1000·SubnetTAO with the limit and return amount_paid_in + fee; the
// swap's errors (ErrPriceLimitExceeded when the price is already at or
// above the limit) are returned as they are.
func (p Pool) MaxAmountAdd(limitRAO uint64) (uint64, error) {
	if p.Mechanism != Dynamic {
		if limitRAO >= 1_000_000_000 {
			return ^uint64(0), nil
		}
		return 0, nil
	}
	o := Order{Side: Buy, Amount: satMul(p.TAO, MaxInputReserveMultiplier), LimitRAO: limitRAO, HasLimit: true, Simulate: true}
	r, _, err := p.Swap(o)
	if err != nil {
		return 0, err
	}
	return satAdd(r.AmountPaidIn, r.FeePaid), nil
}

// MaxAmountRemove is get_max_amount_remove (dtao.md §4.6): the most alpha a
// sell can spend without moving the price below limitRAO. Stable subnets:
// u64::MAX if the limit is at most 1.0, else 0. Dynamic subnets: simulate a
// sell of 1000·SubnetAlphaIn with the limit; amount_paid_in + fee.
func (p Pool) MaxAmountRemove(limitRAO uint64) (uint64, error) {
	if p.Mechanism != Dynamic {
		if limitRAO <= 1_000_000_000 {
			return ^uint64(0), nil
		}
		return 0, nil
	}
	o := Order{Side: Sell, Amount: satMul(p.Alpha, MaxInputReserveMultiplier), LimitRAO: limitRAO, HasLimit: true, Simulate: true}
	r, _, err := p.Swap(o)
	if err != nil {
		return 0, err
	}
	return satAdd(r.AmountPaidIn, r.FeePaid), nil
}

// MaxAmountMove is get_max_amount_move (dtao.md §4.8): the most alpha that
// can move from origin to dest while the relative price origin/dest stays
// at or above limitRAO·10^-9. Between two dynamic subnets it is the
// constant-product closed form a2·(t1/(t1+t2))/L − a1·(t2/(t1+t2)) in U64F64.
func MaxAmountMove(origin, dest Pool, limitRAO uint64) (uint64, error) {
	tao := fixed.U64F64FromU64(1_000_000_000)
	oStable, dStable := origin.Mechanism != Dynamic, dest.Mechanism != Dynamic
	switch {
	case oStable && dStable:
		if limitRAO > 1_000_000_000 {
			return 0, nil
		}
		return ^uint64(0), nil
	case oStable:
		if limitRAO == 0 {
			return ^uint64(0), nil
		}
		destPrice := tao.SafeDiv(fixed.U64F64FromU64(limitRAO)).SatMul(tao).ToU64()
		return dest.MaxAmountAdd(destPrice)
	case dStable:
		return origin.MaxAmountRemove(limitRAO)
	}
	t1, t2 := origin.TAO, dest.TAO
	if t1 == 0 || t2 == 0 {
		return 0, nil
	}
	a1, a2 := origin.Alpha, dest.Alpha
	if a1 == 0 || a2 == 0 {
		return 0, nil
	}
	limit := fixed.U64F64FromU64(limitRAO).SafeDivOr(tao, fxZero)
	current := origin.Price().SafeDiv(dest.Price())
	if current.Less(limit) {
		return 0, nil
	}
	if limitRAO == 0 {
		return ^uint64(0), nil
	}
	f1, f2 := fixed.U64F64FromU64(t1), fixed.U64F64FromU64(t2)
	sum := f2.SatAdd(f1)
	t1Share := f1.SafeDiv(sum)
	t2Share := f2.SafeDiv(sum)
	r := fixed.U64F64FromU64(a2).SatMul(t1Share).SafeDiv(limit).
		SatSub(fixed.U64F64FromU64(a1).SatMul(t2Share))
	return r.ToU64(), nil
}
