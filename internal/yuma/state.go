package yuma

import "fmt"

// State is the subnet storage one epoch reads (yuma.md §3.1). JSON names
// mirror the vectors' "initial_state".
type State struct {
	// Block is the current block.
	Block uint64 `json:"block"`
	// Stake is each uid's stake weight in RAO (alpha stake, or the total
	// alpha + tao·TaoWeight when TaoStake is absent); length n.
	Stake []uint64 `json:"stake"`
	// TaoStake is each uid's root (TAO) stake in RAO, scaled by
	// Params.TaoWeightU64 and added to Stake; optional, length n.
	TaoStake []uint64 `json:"tao_stake,omitempty"`
	// BlockAtRegistration is each uid's registration block; length n.
	BlockAtRegistration []uint64 `json:"block_at_registration"`
	// LastUpdate is each uid's last weight-setting block. A shorter vector is
	// padded with 0 and entries past n are ignored, as on chain.
	LastUpdate []uint64 `json:"last_update"`
	// ValidatorPermit holds the permits of the previous epoch; a uid past its
	// end has none. Length at most n.
	ValidatorPermit []bool `json:"validator_permit"`
	// Weights are the rows as stored by set_weights (max-upscaled u16, zero
	// entries kept, caller order).
	Weights Rows `json:"weights"`
	// Bonds are the rows as stored by the previous epoch.
	Bonds Rows `json:"bonds"`
	// CommitBlocks, when present, is per uid the block of its earliest
	// unexpired weight commit (u64::MAX: none; missing entries: none). Its
	// presence turns the commit-reveal mask on. Length at most n.
	CommitBlocks []uint64 `json:"commit_blocks,omitempty"`
}

// Clone returns a deep copy.
func (s *State) Clone() State {
	c := *s
	c.Stake = cloneSlice(s.Stake)
	c.TaoStake = cloneSlice(s.TaoStake)
	c.BlockAtRegistration = cloneSlice(s.BlockAtRegistration)
	c.LastUpdate = cloneSlice(s.LastUpdate)
	c.ValidatorPermit = cloneSlice(s.ValidatorPermit)
	c.CommitBlocks = cloneSlice(s.CommitBlocks)
	c.Weights = s.Weights.Clone()
	c.Bonds = s.Bonds.Clone()
	return c
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// Validate checks the state against n: vector lengths, rows and columns
// below n, no column twice in a row. Epoch runs it first.
func (s *State) Validate(n int) error { return s.validate(n, nil, nil, nil, nil) }

// unknownSum marks a weight row whose sum validate did not take.
const unknownSum = ^uint64(0)

// validate checks s against n; stamp is scratch of length ≥ n (or nil), and
// bondSorted, when non-nil (length n), receives per uid whether its bond row
// strictly increases by column; weightCount, when non-nil (length n, zeroed),
// receives per column the number of non-zero weight entries, and then
// weightSum (length n) per uid the sum of its weight row's values when the
// row's columns strictly increase, else unknownSum.
func (s *State) validate(n int, stamp []int32, bondSorted []bool, weightCount []int32, weightSum []uint64) error {
	if len(s.Stake) != n {
		return fieldErr("state.stake", "length %d, want n = %d", len(s.Stake), n)
	}
	if s.TaoStake != nil && len(s.TaoStake) != n {
		return fieldErr("state.tao_stake", "length %d, want n = %d", len(s.TaoStake), n)
	}
	if len(s.BlockAtRegistration) != n {
		return fieldErr("state.block_at_registration", "length %d, want n = %d", len(s.BlockAtRegistration), n)
	}
	if len(s.ValidatorPermit) > n {
		return fieldErr("state.validator_permit", "length %d above n = %d", len(s.ValidatorPermit), n)
	}
	if len(s.CommitBlocks) > n {
		return fieldErr("state.commit_blocks", "length %d above n = %d", len(s.CommitBlocks), n)
	}
	if len(stamp) < n {
		stamp = make([]int32, n)
	} else {
		stamp = stamp[:n]
		clear(stamp)
	}
	if err := validateRows("state.weights", s.Weights, n, stamp, 1, nil, weightCount, weightSum); err != nil {
		return err
	}
	return validateRows("state.bonds", s.Bonds, n, stamp, int32(len(s.Weights))+1, bondSorted, nil, nil)
}

// validateRows checks rows and columns below n and no repeated column; stamp
// (length n) marks columns seen, with stamps from base upwards. A row whose
// columns strictly increase needs neither: its last column bounds the rest.
// sorted, when non-nil, records which rows (of the first n) strictly increase;
// count, when non-nil, counts the non-zero entries per column, and then
// sum receives the sums of the strictly increasing rows (unknownSum for the
// others, and for the rows past len(rows)).
func validateRows(field string, rows Rows, n int, stamp []int32, base int32, sorted []bool, count []int32, sum []uint64) error {
	if count != nil {
		for i := len(rows); i < n; i++ {
			sum[i] = unknownSum
		}
	}
	for i, row := range rows {
		if i >= n {
			if len(row) > 0 {
				return fieldErr(fmt.Sprintf("%s.%d", field, i), "row of uid %d, not below n = %d", i, n)
			}
			continue
		}
		// Fast check: columns strictly increasing and below n, counted
		// on the way. A row that fails it from entry k on has its first
		// k entries counted already.
		counted := len(row)
		if count != nil {
			var rs uint64
			counted, rs = countIncreasing(count[:n], row)
			sum[i] = rs
			if counted != len(row) {
				sum[i] = unknownSum
			}
		} else if !increasing(row) || (len(row) > 0 && int(row[len(row)-1].UID) >= n) {
			counted = 0
		}
		if counted == len(row) {
			if sorted != nil {
				sorted[i] = true
			}
			continue
		}
		tag := base + int32(i)
		for k, p := range row {
			if int(p.UID) >= n {
				return fieldErr(fmt.Sprintf("%s.%d[%d]", field, i, k), "uid %d not below n = %d", p.UID, n)
			}
			if stamp[p.UID] == tag {
				return fieldErr(fmt.Sprintf("%s.%d[%d]", field, i, k), "uid %d appears twice in the row", p.UID)
			}
			stamp[p.UID] = tag
		}
		if count != nil {
			countNonZero(count, row[counted:])
		}
	}
	return nil
}

// countIncreasing adds row's non-zero entries to count by column for as
// long as the columns strictly increase and stay below len(count); it
// returns how many entries it took (len(row) when the whole row passed) and
// the sum of their values.
// Not inlined: inlined, its loop state spills to the stack.
//
//go:noinline
func countIncreasing(count []int32, row []Pair) (int, uint64) {
	prev := -1
	var sum uint64
	for k, p := range row {
		j := int(p.UID)
		if j <= prev || j >= len(count) {
			return k, sum
		}
		prev = j
		// +1 for a non-zero value, without a branch.
		count[j] += int32((uint32(p.Value) + 0xffff) >> 16)
		sum += uint64(p.Value)
	}
	return len(row), sum
}

// increasing reports whether row's columns strictly increase.
// Not inlined: inlined, its loop state spills to the stack.
//
//go:noinline
func increasing(row []Pair) bool {
	prev := -1
	for _, p := range row {
		if int(p.UID) <= prev {
			return false
		}
		prev = int(p.UID)
	}
	return true
}

// countNonZero adds row's non-zero entries to count (if non-nil) by column.
func countNonZero(count []int32, row []Pair) {
	if count == nil {
		return
	}
	for _, p := range row {
		if p.Value != 0 {
			count[p.UID]++
		}
	}
}
