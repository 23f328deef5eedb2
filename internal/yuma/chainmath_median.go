package yuma

import "github.com/taokit/taokit/internal/fixed"

// weightedMedian is weighted_median: the chain's mid-pivot quick-select.
func weightedMedian(stake, score []fixed.I32F32, partition []int, minority, lo, hi fixed.I32F32) fixed.I32F32 {
	if len(stake) != len(score) {
		return 0
	}
	get := func(v []fixed.I32F32, i int) fixed.I32F32 {
		if i < len(v) {
			return v[i]
		}
		return 0
	}
	cur := append([]int(nil), partition...)
	limit := len(partition)
	for iter := 0; ; iter++ {
		switch len(cur) {
		case 0:
			return 0
		case 1:
			return get(score, cur[0])
		}
		pivot := get(score, cur[len(cur)/2])
		var loStake, hiStake fixed.I32F32
		var lower, upper []int
		for _, idx := range cur {
			s := get(score, idx)
			switch {
			case s == pivot:
			case s < pivot:
				loStake = loStake.SatAdd(get(stake, idx))
				lower = append(lower, idx)
			default:
				hiStake = hiStake.SatAdd(get(stake, idx))
				upper = append(upper, idx)
			}
		}
		switch {
		case minority < lo.SatAdd(loStake) && len(lower) > 0:
			cur = lower
			hi = lo.SatAdd(loStake)
		case hi.SatSub(hiStake) <= minority && len(upper) > 0:
			cur = upper
			lo = hi.SatSub(hiStake)
		default:
			return pivot
		}
		if iter+1 > limit {
			return 0
		}
	}
}

// weightedMedianCol is weighted_median_col (dense score rows).
func weightedMedianCol(stake []fixed.I32F32, score [][]fixed.I32F32, majority fixed.I32F32) []fixed.I32F32 {
	cols := 0
	if len(score) > 0 {
		cols = len(score[0])
	}
	med := make([]fixed.I32F32, cols)
	for c := range med {
		var useStake, useScore []fixed.I32F32
		for r, st := range stake {
			if st <= 0 {
				continue
			}
			if r < len(score) && len(score[r]) == cols {
				useStake = append(useStake, st)
				useScore = append(useScore, score[r][c])
			} else {
				useStake = append(useStake, 0)
				useScore = append(useScore, 0)
			}
		}
		if len(useStake) == 0 {
			continue
		}
		useStake = normalize(useStake)
		sum := sumFixed(useStake)
		idx := make([]int, len(useStake))
		for i := range idx {
			idx[i] = i
		}
		med[c] = weightedMedian(useStake, useScore, idx, sum.SatSub(majority), 0, sum)
	}
	return med
}

// weightedMedianColSparse is weighted_median_col_sparse.
func weightedMedianColSparse(stake []fixed.I32F32, score [][]Entry, columns int, majority fixed.I32F32) []fixed.I32F32 {
	var useStake []fixed.I32F32
	for _, s := range stake {
		if s > 0 {
			useStake = append(useStake, s)
		}
	}
	useStake = normalize(useStake)
	sum := sumFixed(useStake)
	minority := sum.SatSub(majority)
	idx := make([]int, len(useStake))
	for i := range idx {
		idx[i] = i
	}
	useScore := make([][]fixed.I32F32, columns)
	for c := range useScore {
		useScore[c] = make([]fixed.I32F32, len(useStake))
	}
	k := 0
	for i := 0; i < len(stake) && i < len(score); i++ {
		if stake[i] > 0 {
			for _, e := range score[i] {
				if int(e.Col) < columns {
					useScore[e.Col][k] = e.Val
				}
			}
			k++
		}
	}
	med := make([]fixed.I32F32, columns)
	for c := range med {
		med[c] = weightedMedian(useStake, useScore[c], idx, minority, 0, sum)
	}
	return med
}
