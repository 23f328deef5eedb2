package pow

import (
	"encoding/hex"
	"testing"
)

// aliceHotkey is the sr25519 public key of //Alice.
var aliceHotkey = mustHex32("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")

func mustHex32(s string) [32]byte {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		panic("bad 32-byte hex " + s)
	}
	return [32]byte(b)
}

// Spec ecosystem.md §4.2: //Alice, all-zero block hash.
func TestSpecVectors(t *testing.T) {
	t.Parallel()
	var zero [32]byte
	bhk := BlockHotkeyHash(zero, aliceHotkey)
	if got, want := hex.EncodeToString(bhk[:]), "c0624595063eff7717b713bc2903b05ef476c0f969bb8e1342576dad3cf5932f"; got != want {
		t.Fatalf("bhk = %s, want %s", got, want)
	}
	for _, tc := range []struct {
		nonce uint64
		seal  string
	}{
		{0, "8f451590e942a76be6bad67804a7858b8ac3d5c04d1aa6204a10ff61c601b03f"},
		{1, "117e98c05c4baec0e9e394725c304dad23e4acf1e1a4651370ae5398b8c8918a"},
	} {
		s := Seal(zero, aliceHotkey, tc.nonce)
		if got := hex.EncodeToString(s[:]); got != tc.seal {
			t.Errorf("seal(%d) = %s, want %s", tc.nonce, got, tc.seal)
		}
		if s2 := SealFromBlockHotkey(bhk, tc.nonce); s2 != s {
			t.Errorf("SealFromBlockHotkey(%d) = %x, want %x", tc.nonce, s2, s)
		}
		if s3 := NewWork(Problem{Hotkey: aliceHotkey}).Seal(tc.nonce); s3 != s {
			t.Errorf("Work.Seal(%d) = %x, want %x", tc.nonce, s3, s)
		}
	}
}

// The first nonce meeting difficulty 1000 is 1538 under the big-endian rule
// and 3029 under the little-endian (chain) rule.
func TestSpecFirstPassingNonce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		order      Endian
		nonce      uint64
		sealPrefix string
	}{
		{BigEndian, 1538, "0014f6c1"},
		{LittleEndian, 3029, "2725e6fe"},
	} {
		t.Run(tc.order.String(), func(t *testing.T) {
			t.Parallel()
			p := Problem{Hotkey: aliceHotkey, Difficulty: 1000, Order: tc.order}
			var first uint64
			for n := uint64(0); ; n++ {
				if MeetsDifficultyOrder(Seal(p.BlockHash, p.Hotkey, n), p.Difficulty, tc.order) {
					first = n
					break
				}
			}
			if first != tc.nonce {
				t.Fatalf("linear scan: first passing nonce %d, want %d", first, tc.nonce)
			}
			for _, threads := range []int{1, 2, 5} {
				sol, err := Solve(t.Context(), p, Options{Threads: threads, ChunkSize: 100})
				if err != nil {
					t.Fatalf("Solve threads=%d: %v", threads, err)
				}
				if sol.Nonce != tc.nonce {
					t.Fatalf("Solve threads=%d: nonce %d, want %d", threads, sol.Nonce, tc.nonce)
				}
				if got := hex.EncodeToString(sol.Seal[:4]); got != tc.sealPrefix {
					t.Fatalf("seal prefix %s, want %s", got, tc.sealPrefix)
				}
				if err := Verify(p, sol.Nonce, sol.Seal); err != nil {
					t.Fatalf("Verify: %v", err)
				}
			}
			// The other rule rejects this seal: the endianness trap.
			other := LittleEndian
			if tc.order == LittleEndian {
				other = BigEndian
			}
			if MeetsDifficultyOrder(Seal(p.BlockHash, p.Hotkey, tc.nonce), 1000, other) {
				t.Fatalf("nonce %d also passes under %s; the vector should separate the rules", tc.nonce, other)
			}
		})
	}
}

// The nonce is encoded little-endian in the first 8 bytes of the SHA-256
// input, followed by bhk.
func TestSealByteOrder(t *testing.T) {
	t.Parallel()
	bhk := mustHex32("c0624595063eff7717b713bc2903b05ef476c0f969bb8e1342576dad3cf5932f")
	nonce := uint64(0x0807060504030201)
	var pre [40]byte
	copy(pre[:8], []byte{1, 2, 3, 4, 5, 6, 7, 8})
	copy(pre[8:], bhk[:])
	d := sha256Sum(pre[:])
	want := Keccak256(d[:])
	if got := SealFromBlockHotkey(bhk, nonce); got != want {
		t.Fatalf("seal = %x, want keccak256(sha256(le64(nonce) ‖ bhk)) = %x", got, want)
	}
}
