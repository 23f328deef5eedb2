package pow

import (
	"errors"
	"testing"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	le := Problem{Hotkey: aliceHotkey, Difficulty: 1000, Order: LittleEndian}
	be := Problem{Hotkey: aliceHotkey, Difficulty: 1000} // the zero Order is the chain's big-endian rule
	seal3029 := Seal(le.BlockHash, le.Hotkey, 3029)
	seal1538 := Seal(be.BlockHash, be.Hotkey, 1538)
	for _, tc := range []struct {
		name  string
		p     Problem
		nonce uint64
		work  [32]byte
		want  error
	}{
		{"valid little-endian", le, 3029, seal3029, nil},
		{"valid big-endian", be, 1538, seal1538, nil},
		{"big-endian seal on the little-endian rule", le, 1538, seal1538, ErrInvalidDifficulty},
		{"little-endian seal on the big-endian rule", be, 3029, seal3029, ErrInvalidDifficulty},
		{"wrong nonce", le, 3030, seal3029, ErrInvalidSeal},
		{"other hotkey", Problem{Hotkey: [32]byte{1}, Difficulty: 1000, Order: LittleEndian}, 3029, seal3029, ErrInvalidSeal},
		{"easy work but not the seal", Problem{Hotkey: aliceHotkey}, 0, [32]byte{}, ErrInvalidSeal},
	} {
		err := Verify(tc.p, tc.nonce, tc.work)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestCheckWorkBlock(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		work, now uint64
		ok        bool
	}{
		{100, 100, true},
		{100, 101, true},
		{100, 102, true},
		{100, 103, false}, // now − block = 3: stale
		{101, 100, false}, // future
		{0, 0, true},
		{0, 1 << 63, false},
	} {
		err := CheckWorkBlock(tc.work, tc.now)
		if tc.ok != (err == nil) || err != nil && !errors.Is(err, ErrInvalidWorkBlock) {
			t.Errorf("CheckWorkBlock(%d, %d) = %v, want ok=%v", tc.work, tc.now, err, tc.ok)
		}
	}
}
