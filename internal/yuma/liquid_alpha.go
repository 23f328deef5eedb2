package yuma

import (
	"math/bits"

	"github.com/taokit/taokit/internal/fixed"
)

// liquidAlpha holds the per-epoch constants of alpha_sigmoid.
type liquidAlpha struct {
	low, high, steep fixed.I32F32
	atZero           fixed.I32F32 // alpha for a combined difference of 0
}

func newLiquidAlpha(p *Params) liquidAlpha {
	la := liquidAlpha{
		low:   u16Proportion(p.AlphaLowU16),
		high:  u16Proportion(p.AlphaHighU16),
		steep: fixed.I32F32FromInt(int64(p.AlphaSigmoidSteepness)).SatDiv(fixed.I32F32FromInt(-100)),
	}
	la.atZero = la.fromDiff(0)
	return la
}

const half = fixed.I32F32(1 << 31)

// alpha is RE::alpha_sigmoid(consensus, weight, bond, …).
func (la *liquidAlpha) alpha(consensus, weight, bond fixed.I32F32) fixed.I32F32 {
	var x fixed.I32F32
	if weight >= bond {
		x = clampValue(weight.SatSub(consensus), 0, fixed.I32F32One)
	} else {
		x = clampValue(bond.SatSub(weight), 0, fixed.I32F32One)
	}
	if x == 0 {
		return la.atZero
	}
	return la.fromDiff(x)
}

// fromDiff is alpha_sigmoid from the combined difference x on:
// clamp(low + sigmoid(steep·(x − ½))·(high − low), low, high).
func (la *liquidAlpha) fromDiff(x fixed.I32F32) fixed.I32F32 {
	t := la.steep.SatMul(x.SatSub(half))
	sig := fixed.I32F32One.SatDiv(fixed.I32F32One.SatAdd(expSafe(t)))
	a := la.low.SatAdd(sig.SatMul(la.high.SatSub(la.low)))
	return clampValue(a, la.low, la.high)
}

// clampValue is math::clamp_value: min(high) first, then max(low).
func clampValue(v, low, high fixed.I32F32) fixed.I32F32 { return max(min(v, high), low) }

// expSafe equals fixed.ExpSafe (substrate-fixed's exp on an input clamped to
// [−20, 20]) bit for bit, but runs the series with divisions by constants and
// stops once a term reaches 0 (every later term is then 0 too). Liquid alpha
// evaluates it once per bond entry, so its speed matters.
func expSafe(x fixed.I32F32) fixed.I32F32 {
	const lim = fixed.I32F32(20 << 32)
	x = min(max(x, -lim), lim)
	switch x {
	case 0:
		return fixed.I32F32One
	case fixed.I32F32One:
		return fixed.ExpSafe(x) // e truncated to 23 bits
	}
	neg := x < 0
	ax := uint64(x)
	if neg {
		ax = uint64(-x)
	}
	// |x| ≤ 20: neither a term nor the sum can overflow (the largest term,
	// 20^20/20!, is about 4.3e7 and the sum about 4.9e8, both below 2^31).
	result := uint64(fixed.I32F32One) + ax
	term := ax
	for i := uint64(2); i < 32 && term != 0; i++ {
		hi, lo := bits.Mul64(term, ax)
		p := hi<<32 | lo>>32  // ⌊term·|x|⌋
		term = divSmall(p, i) // checked_div(term, I32F32(i))
		result += term
	}
	if !neg {
		return fixed.I32F32(result)
	}
	q, _ := bits.Div64(1, 0, result) // 1/result: 2^64/result with result > 2^32
	return fixed.I32F32(q)
}

// divSmall returns ⌊p/i⌋ for i in 2..31: the checked_div of an I32F32 by the
// integer i. The switch lets the compiler turn each division by a constant
// into a multiplication.
func divSmall(p, i uint64) uint64 {
	switch i {
	case 2:
		return p / 2
	case 3:
		return p / 3
	case 4:
		return p / 4
	case 5:
		return p / 5
	case 6:
		return p / 6
	case 7:
		return p / 7
	case 8:
		return p / 8
	case 9:
		return p / 9
	case 10:
		return p / 10
	case 11:
		return p / 11
	case 12:
		return p / 12
	case 13:
		return p / 13
	case 14:
		return p / 14
	case 15:
		return p / 15
	case 16:
		return p / 16
	case 17:
		return p / 17
	case 18:
		return p / 18
	case 19:
		return p / 19
	case 20:
		return p / 20
	case 21:
		return p / 21
	case 22:
		return p / 22
	case 23:
		return p / 23
	case 24:
		return p / 24
	case 25:
		return p / 25
	case 26:
		return p / 26
	case 27:
		return p / 27
	case 28:
		return p / 28
	case 29:
		return p / 29
	case 30:
		return p / 30
	case 31:
		return p / 31
	}
	return p / i
}

// laScratch holds dense per-column lookups for one row at a time; a stamp
// equal to the row's tag marks a valid cell, so nothing is cleared per row.
type laScratch struct {
	oldVal, readVal     []fixed.I32F32
	oldStamp, readStamp []int32
}

// matEmaAlpha is compute_liquid_alpha_values_sparse followed by
// mat_ema_alpha_sparse(wfb, bonds, alphas), into ws.ema. The chain builds a
// dense n×n alpha matrix, but mat_ema_alpha_sparse only reads alpha where
// the new (weights-for-bonds) row has an entry, so only those are computed.
// Per row the output keeps the new row's order; an old bond in a column the
// new row lacks is dropped (yuma.md §9.2). The alphas read w and b through
// the chain's merge cursors, which assume rows sorted by column: an entry is
// seen only if its column exceeds every column before it in its row (§9.3).
func (ws *Workspace) matEmaAlpha(p *Params, wfb *csr) {
	n := len(ws.cons)
	la := newLiquidAlpha(p)
	sc := &ws.la
	sc.oldVal = growSlice(sc.oldVal, n)
	sc.readVal = growSlice(sc.readVal, n)
	sc.oldStamp = growSlice(sc.oldStamp, n)
	sc.readStamp = growSlice(sc.readStamp, n)
	old, out := &ws.bonds, &ws.ema
	out.reset(len(wfb.col))
	for i := range wfb.rows() {
		tag := int32(i + 1)
		ol, oh := old.bounds(i)
		seen := -1 // the cursor's reach: the largest column so far
		for k := ol; k < oh; k++ {
			j := old.col[k]
			sc.oldVal[j], sc.oldStamp[j] = old.val[k], tag
			if int(j) > seen {
				sc.readVal[j], sc.readStamp[j] = old.val[k], tag
				seen = int(j)
			}
		}
		seen = -1
		lo, hi := wfb.bounds(i)
		for k := lo; k < hi; k++ {
			j, w := wfb.col[k], wfb.val[k]
			var wRead, bRead, decayed fixed.I32F32
			if int(j) > seen {
				wRead, seen = w, int(j)
			}
			if sc.readStamp[j] == tag {
				bRead = sc.readVal[j]
			}
			a := la.alpha(ws.cons[j], wRead, bRead)
			if sc.oldStamp[j] == tag {
				decayed = fixed.I32F32One.SatSub(a).SatMul(sc.oldVal[j])
			}
			v := min(decayed.SatAdd(max(a.SatMul(w), 0)), fixed.I32F32One)
			if v > 0 {
				out.push(j, v)
			}
		}
		out.endRow()
	}
}
