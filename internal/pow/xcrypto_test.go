// This file compares the package's Keccak-256 with x/crypto's legacy
// Keccak, an independent implementation.

package pow

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"golang.org/x/crypto/sha3"
)

func xKeccak(b []byte) [32]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(b)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

func TestXCryptoKeccak256(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(21, 22))
	buf := make([]byte, 700)
	for i := 0; i < 3000; i++ {
		n := r.IntN(len(buf))
		if i < 300 {
			n = i
		}
		for j := range buf[:n] {
			buf[j] = byte(r.Uint32())
		}
		if got, want := Keccak256(buf[:n]), xKeccak(buf[:n]); got != want {
			t.Fatalf("len %d: Keccak256 = %x, x/crypto = %x", n, got, want)
		}
	}
	for i := 0; i < 3000; i++ {
		var in [32]byte
		for j := 0; j < 4; j++ {
			binary.LittleEndian.PutUint64(in[8*j:], r.Uint64())
		}
		if got, want := keccak256Of32(&in), xKeccak(in[:]); got != want {
			t.Fatalf("keccak256x32(%x) = %x, x/crypto = %x", in, got, want)
		}
	}
	var in8, out8 [4][8]uint64
	for iter := 0; iter < 300; iter++ {
		for i := range in8 {
			for j := range in8[i] {
				in8[i][j] = r.Uint64()
			}
		}
		keccak256x32x8(&in8, &out8)
		for j := 0; j < 8; j++ {
			var msg, dig [32]byte
			for i := 0; i < 4; i++ {
				binary.LittleEndian.PutUint64(msg[8*i:], in8[i][j])
				binary.LittleEndian.PutUint64(dig[8*i:], out8[i][j])
			}
			if want := xKeccak(msg[:]); dig != want {
				t.Fatalf("keccak256x32x8 lane %d = %x, x/crypto = %x", j, dig, want)
			}
		}
	}
}
