package amm

import "github.com/taokit/taokit/internal/fixed"

// Moving-price defaults (dtao.md §3.8).
const (
	// DefaultEMAPriceHalvingBlocks is EMAPriceHalvingBlocks' default (≈ 28 days).
	DefaultEMAPriceHalvingBlocks uint64 = 201_600
)

// DefaultMovingAlpha is SubnetMovingAlpha's default, I96F32 0.000003
// (from_num of the float literal, rounded to nearest).
var DefaultMovingAlpha = fixed.I96F32FromFloat64(0.000003)

// BlocksSinceStartCall is now − (FirstEmissionBlockNumber − 1), saturating;
// a missing FirstEmissionBlockNumber is passed as 0.
func BlocksSinceStartCall(now, firstEmission uint64) uint64 {
	return satSub(now, satSub(firstEmission, 1))
}

// UpdateMovingPrice is update_moving_price (dtao.md §3.8): with
// a = movingAlpha·b/(b+h), it returns a·min(spot, 1) + (1 − a)·prev in
// U64F64, stored as I96F32. prev is SubnetMovingPrice (negative reads as
// 0), spot the pool's current price and b the blocks since start_call.
func UpdateMovingPrice(prev fixed.I96F32, spot fixed.U64F64, movingAlpha fixed.I96F32, b, halving uint64) fixed.I96F32 {
	bf := fixed.U64F64FromU64(b)
	a := movingAlpha.ToU64F64().SatMul(bf.SafeDiv(bf.SatAdd(fixed.U64F64FromU64(halving))))
	oneMinus := fxOne.SatSub(a)
	if fxOne.Less(spot) {
		spot = fxOne
	}
	cur := a.SatMul(spot)
	moving := oneMinus.SatMul(prev.ToU64F64())
	return cur.SatAdd(moving).ToI96F32()
}

// MovingPrice is get_moving_alpha_price: 1 for stable subnets, else the
// stored EMA as U64F64.
func MovingPrice(m Mechanism, stored fixed.I96F32) fixed.U64F64 {
	if m != Dynamic {
		return fxOne
	}
	return stored.ToU64F64()
}
