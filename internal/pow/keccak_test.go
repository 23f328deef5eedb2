package pow

import (
	"crypto/sha256"
	"crypto/sha3"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }

func TestKnownAnswers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		got  [32]byte
		want string
	}{
		{"keccak256 empty", Keccak256(nil), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
		{"keccak256 test", Keccak256([]byte("test")), "9c22ff5f21f0b81b113e63f7db6da94fedef11b2119b4088b89664fb9a3cb658"},
		{"keccak256 abc", Keccak256([]byte("abc")), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
		{"sha256 empty", sha256Sum(nil), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"keccak256 32 zero bytes", keccak256Of32(&[32]byte{}), "290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563"},
	} {
		if got := hex.EncodeToString(tc.got[:]); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.name, got, tc.want)
		}
	}
}

// sha3WithOurPermutation is SHA3-256 (padding 0x06) built on keccakF1600:
// comparing it with the standard library checks the permutation on inputs
// of every block structure, independently of x/crypto.
func sha3WithOurPermutation(data []byte) [32]byte {
	var a [25]uint64
	for len(data) >= keccakRate {
		for i := 0; i < keccakRate/8; i++ {
			a[i] ^= binary.LittleEndian.Uint64(data[8*i:])
		}
		keccakF1600(&a)
		data = data[keccakRate:]
	}
	var block [keccakRate]byte
	n := copy(block[:], data)
	block[n] ^= 0x06
	block[keccakRate-1] ^= 0x80
	for i := 0; i < keccakRate/8; i++ {
		a[i] ^= binary.LittleEndian.Uint64(block[8*i:])
	}
	keccakF1600(&a)
	var out [32]byte
	for i := 0; i < 4; i++ {
		binary.LittleEndian.PutUint64(out[8*i:], a[i])
	}
	return out
}

func TestPermutationMatchesStdSHA3(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 600)
	for i := 0; i < 2000; i++ {
		n := r.IntN(len(buf))
		if i < 300 {
			n = i // every length across the first two block boundaries
		}
		for j := range buf[:n] {
			buf[j] = byte(r.Uint32())
		}
		if got, want := sha3WithOurPermutation(buf[:n]), sha3.Sum256(buf[:n]); got != want {
			t.Fatalf("len %d: sha3 via keccakF1600 = %x, std = %x", n, got, want)
		}
	}
}

func TestKeccak256x32MatchesGeneral(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		var in [32]byte
		for j := 0; j < 4; j++ {
			binary.LittleEndian.PutUint64(in[8*j:], r.Uint64())
		}
		if got, want := keccak256Of32(&in), Keccak256(in[:]); got != want {
			t.Fatalf("input %x: specialised %x, general %x", in, got, want)
		}
	}
}

func TestSealMatchesComposition(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 2000; i++ {
		var bh, hk [32]byte
		for j := 0; j < 4; j++ {
			binary.LittleEndian.PutUint64(bh[8*j:], r.Uint64())
			binary.LittleEndian.PutUint64(hk[8*j:], r.Uint64())
		}
		nonce := r.Uint64()
		bhk := Keccak256(append(bh[:], hk[:]...))
		pre := binary.LittleEndian.AppendUint64(nil, nonce)
		pre = append(pre, bhk[:]...)
		d := sha256.Sum256(pre)
		want := Keccak256(d[:])
		if got := Seal(bh, hk, nonce); got != want {
			t.Fatalf("Seal = %x, want %x", got, want)
		}
	}
}

func TestDigestWords(t *testing.T) {
	t.Parallel()
	t.Logf("SHA-NI: %v", hasSHANI)
	r := rand.New(rand.NewPCG(15, 16))
	for i := 0; i < 2000; i++ {
		var bhk [32]byte
		for j := 0; j < 4; j++ {
			binary.LittleEndian.PutUint64(bhk[8*j:], r.Uint64())
		}
		nonce := r.Uint64()
		pre := binary.LittleEndian.AppendUint64(nil, nonce)
		pre = append(pre, bhk[:]...)
		d := sha256.Sum256(pre)
		want := [4]uint64{binary.LittleEndian.Uint64(d[0:]), binary.LittleEndian.Uint64(d[8:]),
			binary.LittleEndian.Uint64(d[16:]), binary.LittleEndian.Uint64(d[24:])}
		var b preBlock
		b.init(bhk)
		var got [4]uint64
		got[0], got[1], got[2], got[3] = b.digestWords(nonce)
		if got != want {
			t.Fatalf("digestWords = %x, want %x", got, want)
		}
		got[0], got[1], got[2], got[3] = b.wordsStd()
		if got != want {
			t.Fatalf("wordsStd = %x, want %x", got, want)
		}
		if hasSHANI {
			got[0], got[1], got[2], got[3] = b.wordsSHANI()
			if got != want {
				t.Fatalf("wordsSHANI = %x, want %x", got, want)
			}
		}
	}
}

func TestDigestWords8(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(17, 18))
	for i := 0; i < 500; i++ {
		var bhk [32]byte
		for j := 0; j < 4; j++ {
			binary.LittleEndian.PutUint64(bhk[8*j:], r.Uint64())
		}
		nonce := r.Uint64() >> 1
		var b preBlock
		b.init(bhk)
		var got [4][8]uint64
		b.digestWords8(nonce, &got)
		for j := uint64(0); j < 8; j++ {
			pre := binary.LittleEndian.AppendUint64(nil, nonce+j)
			pre = append(pre, bhk[:]...)
			d := sha256.Sum256(pre)
			for w := 0; w < 4; w++ {
				if want := binary.LittleEndian.Uint64(d[8*w:]); got[w][j] != want {
					t.Fatalf("nonce %d word %d = %x, want %x", nonce+j, w, got[w][j], want)
				}
			}
		}
	}
}
