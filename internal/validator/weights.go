package validator

import (
	"crypto/rand"
	"encoding/binary"
	"math"

	"github.com/taokit/taokit/internal/yuma"
)

// Weights turns per-uid scores (uid → score ≥ 0) into the (uids, values)
// pair set_weights takes, exactly as the chain will store it: each score is
// scaled so the largest becomes 65535 (rounded), then passed through the
// chain's own max-upscale (yuma.MaxUpscaleU16), zeros dropped, uids
// ascending. When fewer than minAllowed uids remain, the lowest other uids
// of the n are added with weight 0 (the chain refuses shorter vectors).
// skip (e.g. the validator's own uid) is never given weight. An all-zero
// input gives nil.
func Weights(scores map[uint16]float64, n uint16, skip int, minAllowed uint16) (uids, values []uint16) {
	maxS := 0.0
	for u, s := range scores {
		if int(u) != skip && u < n && s > maxS && !math.IsInf(s, 0) {
			maxS = s
		}
	}
	if maxS <= 0 {
		return nil, nil
	}
	for u := range n {
		s, ok := scores[u]
		if !ok || int(u) == skip || !(s > 0) || math.IsInf(s, 0) {
			continue
		}
		v := math.Round(s / maxS * 65535)
		if v < 1 {
			continue
		}
		uids = append(uids, u)
		values = append(values, uint16(v))
	}
	values = yuma.MaxUpscaleU16(values)
	// Drop entries the upscale rounded to zero.
	k := 0
	for i := range uids {
		if values[i] > 0 {
			uids[k], values[k] = uids[i], values[i]
			k++
		}
	}
	uids, values = uids[:k], values[:k]
	need := int(min(minAllowed, n))
	if len(uids) < need {
		have := make(map[uint16]bool, len(uids))
		for _, u := range uids {
			have[u] = true
		}
		for u := uint16(0); u < n && len(uids) < need; u++ {
			if !have[u] && int(u) != skip {
				uids = append(uids, u)
				values = append(values, 0)
			}
		}
		sortPairs(uids, values)
	}
	return uids, values
}

func sortPairs(uids, values []uint16) {
	// insertion sort: vectors are at most a few hundred long and nearly sorted
	for i := 1; i < len(uids); i++ {
		for j := i; j > 0 && uids[j] < uids[j-1]; j-- {
			uids[j], uids[j-1] = uids[j-1], uids[j]
			values[j], values[j-1] = values[j-1], values[j]
		}
	}
}

// NewSalt returns a random commit-reveal salt of 8 u16s.
func NewSalt() []uint16 {
	var b [16]byte
	_, _ = rand.Read(b[:])
	s := make([]uint16, 8)
	for i := range s {
		s[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return s
}
