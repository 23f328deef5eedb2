package keys

import (
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"
	r255 "github.com/gtank/ristretto255"
)

// verifyReference is the original Verify: go-schnorrkel's own decode-and-verify path.
// Verify must return exactly its decision for every input.
func verifyReference(pub [32]byte, msg, sig []byte) bool {
	if len(sig) != SignatureSize {
		return false
	}
	pk, err := schnorrkel.NewPublicKey(pub)
	if err != nil {
		return false
	}
	var s schnorrkel.Signature
	if err := s.Decode([SignatureSize]byte(sig)); err != nil {
		return false
	}
	ok, err := pk.Verify(&s, schnorrkel.NewSigningContext([]byte(SigningContext), msg))
	return err == nil && ok
}

var (
	// groupOrder is l = 2^252 + 27742317777372353535851937790883648493.
	groupOrder, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)
	// fieldPrime is p = 2^255 - 19.
	fieldPrime = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
)

func leToInt(b []byte) *big.Int {
	be := make([]byte, len(b))
	for i := range b {
		be[len(b)-1-i] = b[i]
	}
	return new(big.Int).SetBytes(be)
}

// intToLE32 writes x (< 2^256) as 32 little-endian bytes.
func intToLE32(x *big.Int) [32]byte {
	var out [32]byte
	be := x.Bytes()
	if len(be) > 32 {
		panic("intToLE32: value too large")
	}
	for i := range be {
		out[i] = be[len(be)-1-i]
	}
	return out
}

func randBytes(r *mrand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func randomKeypair(t testing.TB, r *mrand.Rand) *Keypair {
	t.Helper()
	return FromSeed([32]byte(randBytes(r, 32)))
}

func randomPoint(r *mrand.Rand) [32]byte {
	return [32]byte(r255.NewElement().FromUniformBytes(randBytes(r, 64)).Encode(nil))
}

// challenge computes schnorrkel's k for (pub, R, msg) independently of Verify.
func challenge(pub [32]byte, rBytes []byte, msg []byte) *r255.Scalar {
	tr := schnorrkel.NewSigningContext([]byte(SigningContext), msg)
	tr.AppendMessage([]byte("proto-name"), []byte("Schnorr-sig"))
	tr.AppendMessage([]byte("sign:pk"), pub[:])
	tr.AppendMessage([]byte("sign:R"), rBytes)
	return r255.NewScalar().FromUniformBytes(tr.ExtractBytes([]byte("sign:c"), 64))
}

type verifyCase struct {
	name string
	pub  [32]byte
	msg  []byte
	sig  []byte
}

func withSig(sig [64]byte, f func(*[64]byte)) []byte {
	f(&sig)
	return sig[:]
}

func flipBits(c verifyCase, bits []int) []verifyCase {
	var out []verifyCase
	for _, bit := range bits {
		sig := append([]byte(nil), c.sig...)
		sig[bit/8] ^= 1 << (bit % 8)
		out = append(out, verifyCase{fmt.Sprintf("%s/sigbit%d", c.name, bit), c.pub, c.msg, sig})
	}
	return out
}

// mutations returns a valid signature case plus its mutated variants. all selects
// every single bit flip rather than a random sample.
func mutations(t testing.TB, r *mrand.Rand, id int, all bool) []verifyCase {
	kp := randomKeypair(t, r)
	msg := randBytes(r, r.IntN(200))
	sig, err := kp.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	pub := kp.Public()
	base := verifyCase{fmt.Sprintf("case%d", id), pub, msg, sig[:]}
	cs := []verifyCase{base}
	add := func(name string, pub [32]byte, msg, sig []byte) {
		cs = append(cs, verifyCase{base.name + "/" + name, pub, msg, sig})
	}
	pick := func(n int) []int {
		if all {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		}
		out := make([]int, 8)
		for i := range out {
			out[i] = r.IntN(n)
		}
		return out
	}

	// Single bit flips in R, in s (including the marker bit 511) and in the key.
	cs = append(cs, flipBits(base, pick(256))...)
	for _, b := range pick(256) {
		cs = append(cs, flipBits(base, []int{256 + b})...)
	}
	for _, b := range pick(256) {
		p := pub
		p[b/8] ^= 1 << (b % 8)
		add(fmt.Sprintf("pubbit%d", b), p, msg, sig[:])
	}
	// Single bit flips in the message.
	if len(msg) > 0 {
		for _, b := range pick(8 * len(msg)) {
			m := append([]byte(nil), msg...)
			m[b/8] ^= 1 << (b % 8)
			add(fmt.Sprintf("msgbit%d", b), pub, m, sig[:])
		}
	}
	add("msg+byte", pub, append(append([]byte(nil), msg...), 0), sig[:])
	if len(msg) > 0 {
		add("msg-byte", pub, msg[:len(msg)-1], sig[:])
	}
	add("wrapped", pub, []byte("<Bytes>"+string(msg)+"</Bytes>"), sig[:])
	add("otherkey", randomKeypair(t, r).Public(), msg, sig[:])
	add("randompointkey", randomPoint(r), msg, sig[:])

	// Unmarked signature.
	add("unmarked", pub, msg, withSig(sig, func(s *[64]byte) { s[63] &^= 0x80 }))

	// Non-canonical s: s + l (still < 2^255, marker kept), and high bits set.
	sRaw := sig
	sRaw[63] &^= 0x80
	sInt := leToInt(sRaw[32:])
	add("s+l", pub, msg, withSig(sig, func(s *[64]byte) {
		v := intToLE32(new(big.Int).Add(sInt, groupOrder))
		copy(s[32:], v[:])
		s[63] |= 0x80
	}))
	add("s-l", pub, msg, withSig(sig, func(s *[64]byte) { // wraps negative: s - l + 2^255
		v := new(big.Int).Sub(sInt, groupOrder)
		v.Add(v, new(big.Int).Lsh(big.NewInt(1), 255))
		b := intToLE32(v)
		copy(s[32:], b[:])
		s[63] |= 0x80
	}))
	for _, hb := range []byte{0x10, 0x20, 0x40, 0x70} {
		add(fmt.Sprintf("shigh%02x", hb), pub, msg, withSig(sig, func(s *[64]byte) { s[63] |= hb }))
	}
	add("s=0", pub, msg, withSig(sig, func(s *[64]byte) { clear(s[32:]); s[63] = 0x80 }))
	add("s=l", pub, msg, withSig(sig, func(s *[64]byte) {
		b := intToLE32(groupOrder)
		copy(s[32:], b[:])
		s[63] |= 0x80
	}))
	add("s=l-1", pub, msg, withSig(sig, func(s *[64]byte) {
		b := intToLE32(new(big.Int).Sub(groupOrder, big.NewInt(1)))
		copy(s[32:], b[:])
		s[63] |= 0x80
	}))

	// R that is not a valid encoding: non-canonical field element (R + p, which is
	// >= p), the negative representative p - R, top bit set, random bytes.
	rInt := leToInt(sig[:32])
	add("R+p", pub, msg, withSig(sig, func(s *[64]byte) {
		b := intToLE32(new(big.Int).Add(rInt, fieldPrime))
		copy(s[:32], b[:])
	}))
	add("p-R", pub, msg, withSig(sig, func(s *[64]byte) {
		b := intToLE32(new(big.Int).Sub(fieldPrime, rInt))
		copy(s[:32], b[:])
	}))
	add("Rtop", pub, msg, withSig(sig, func(s *[64]byte) { s[31] |= 0x80 }))
	add("Rrandom", pub, msg, withSig(sig, func(s *[64]byte) { copy(s[:32], randBytes(r, 32)) }))
	rp := randomPoint(r)
	add("Rvalidother", pub, msg, withSig(sig, func(s *[64]byte) { copy(s[:32], rp[:]) }))
	add("Rzero", pub, msg, withSig(sig, func(s *[64]byte) { clear(s[:32]) }))

	// Non-canonical key encodings of the right key.
	pubInt := leToInt(pub[:])
	add("pub+p", intToLE32(new(big.Int).Add(pubInt, fieldPrime)), msg, sig[:])
	add("p-pub", intToLE32(new(big.Int).Sub(fieldPrime, pubInt)), msg, sig[:])

	// Wrong lengths.
	add("len63", pub, msg, sig[:63])
	add("len65", pub, msg, append(sig[:], 0x80))
	add("len0", pub, msg, nil)
	add("len128", pub, msg, append(sig[:], sig[:]...))
	return cs
}

// fixedCases are the hand-picked edge cases that do not depend on a random key.
func fixedCases(t testing.TB) []verifyCase {
	r := mrand.New(mrand.NewPCG(7, 7))
	kp := randomKeypair(t, r)
	msg := []byte("edge")
	sig, err := kp.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	var zero32, ff32 [32]byte
	for i := range ff32 {
		ff32[i] = 0xff
	}
	zero64 := make([]byte, 64)
	ff64 := make([]byte, 64)
	for i := range ff64 {
		ff64[i] = 0xff
	}
	zeroMarked := make([]byte, 64)
	zeroMarked[63] = 0x80
	identity := [32]byte(r255.NewElement().Zero().Encode(nil))
	if identity != zero32 {
		t.Fatalf("identity encodes as %x", identity)
	}

	// A valid signature whose R is the identity: pick R = identity, then s = k·x.
	x := r255.NewScalar()
	if err := x.Decode(kp.secret[:]); err != nil {
		t.Fatal(err)
	}
	if got := [32]byte(r255.NewElement().ScalarBaseMult(x).Encode(nil)); got != kp.Public() {
		t.Fatal("secret scalar does not give the public key")
	}
	k := challenge(kp.Public(), zero32[:], msg)
	var idSig [64]byte
	copy(idSig[32:], r255.NewScalar().Multiply(k, x).Encode(nil))
	idSig[63] |= 0x80

	// A forged "signature" for the identity key: with A = 0, R' = s·B for any k.
	var idKeySig [64]byte
	s1 := r255.NewScalar().FromUniformBytes(randBytes(r, 64))
	copy(idKeySig[:32], r255.NewElement().ScalarBaseMult(s1).Encode(nil))
	copy(idKeySig[32:], s1.Encode(nil))
	idKeySig[63] |= 0x80

	pub := kp.Public()
	return []verifyCase{
		{"valid", pub, msg, sig[:]},
		{"identityR-valid", pub, msg, idSig[:]},
		{"identityR-othermsg", pub, []byte("edgE"), idSig[:]},
		{"identitykey/realsig", identity, msg, sig[:]},
		{"identitykey/forged", identity, msg, idKeySig[:]},
		{"identitykey/zero", identity, msg, zero64},
		{"identitykey/zeromarked", identity, msg, zeroMarked},
		{"zerokey/ffsig", zero32, msg, ff64},
		{"ffkey/realsig", ff32, msg, sig[:]},
		{"ffkey/ffsig", ff32, msg, ff64},
		{"ffkey/zerosig", ff32, msg, zero64},
		{"realkey/zerosig", pub, msg, zero64},
		{"realkey/zeromarked", pub, msg, zeroMarked},
		{"realkey/ffsig", pub, msg, ff64},
		{"realkey/nilsig", pub, msg, nil},
		{"realkey/nilmsg", pub, nil, sig[:]},
	}
}

func TestVerifyMatchesReferenceFixed(t *testing.T) {
	t.Parallel()
	cs := fixedCases(t)
	for _, c := range cs {
		want := verifyReference(c.pub, c.msg, c.sig)
		if got := Verify(c.pub, c.msg, c.sig); got != want {
			t.Errorf("%s: Verify = %v, reference = %v", c.name, got, want)
		}
		// The two valid cases must indeed be accepted.
		if (c.name == "valid" || c.name == "identityR-valid") && !want {
			t.Errorf("%s: reference rejects", c.name)
		}
	}
}

// TestVerifyMatchesReference differentially checks Verify against schnorrkel's own
// path on thousands of valid signatures and their mutations.
func TestVerifyMatchesReference(t *testing.T) {
	t.Parallel()
	n := 500 // 30k cases; FuzzVerify explores further
	if testing.Short() {
		n = 100
	}
	const exhaustive = 4 // cases whose every single bit of R, s, key and message is flipped
	workers := runtime.GOMAXPROCS(0)
	var next, total, accepted atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := mrand.New(mrand.NewPCG(uint64(w), 42))
			for {
				i := int(next.Add(1) - 1)
				if i >= n || t.Failed() {
					return
				}
				cs := mutations(t, r, i, i < exhaustive)
				for _, c := range cs {
					want := verifyReference(c.pub, c.msg, c.sig)
					got := Verify(c.pub, c.msg, c.sig)
					if got != want {
						mu.Lock()
						t.Errorf("%s: Verify = %v, reference = %v (pub %x sig %x msg %x)", c.name, got, want, c.pub, c.sig, c.msg)
						mu.Unlock()
					}
					if want {
						accepted.Add(1)
					}
				}
				total.Add(int64(len(cs)))
			}
		}()
	}
	wg.Wait()
	// Each base case's own signature must verify (sanity: the comparison is not vacuous).
	if accepted.Load() < int64(n) {
		t.Errorf("only %d accepted of %d base cases", accepted.Load(), n)
	}
	t.Logf("%d cases over %d signatures, %d accepted, all decisions match", total.Load(), n, accepted.Load())
}

// TestVerifyCacheEviction checks that the bounded cache resets when full and still
// answers correctly, for valid and invalid keys, under concurrent use.
func TestVerifyCacheEviction(t *testing.T) {
	t.Parallel()
	c := newPubKeyCache(16)
	r := mrand.New(mrand.NewPCG(3, 3))
	keys := make([][32]byte, 100)
	for i := range keys {
		if i%3 == 0 {
			keys[i] = [32]byte(randBytes(r, 32)) // almost always invalid
		} else {
			keys[i] = randomPoint(r)
		}
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 5; round++ {
				for _, k := range keys {
					got := c.negated(k)
					want := decodeNegated(k)
					if (got == nil) != (want == nil) || (got != nil && got.Equal(want) != 1) {
						t.Errorf("cache answer for %x differs from a fresh decode", k)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if n := c.cur.Load().n.Load(); n >= 16 {
		t.Errorf("cache generation holds %d entries, limit 16", n)
	}
	if c.negated([32]byte{}) != nil {
		t.Error("identity key accepted by the cache")
	}
}

func TestVerifyConcurrent(t *testing.T) {
	t.Parallel()
	r := mrand.New(mrand.NewPCG(9, 9))
	cs := mutations(t, r, 0, false)
	want := make([]bool, len(cs))
	for i, c := range cs {
		want[i] = verifyReference(c.pub, c.msg, c.sig)
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, c := range cs {
				if got := Verify(c.pub, c.msg, c.sig); got != want[i] {
					t.Errorf("%s: concurrent Verify = %v, want %v", c.name, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzVerify compares Verify with schnorrkel's own path on arbitrary input. The seed
// corpus holds valid signatures so that mutations explore the accepting boundary.
func FuzzVerify(f *testing.F) {
	r := mrand.New(mrand.NewPCG(1, 1))
	for i := 0; i < 4; i++ {
		for _, c := range mutations(f, r, i, false)[:12] {
			f.Add(c.pub[:], c.msg, c.sig)
		}
	}
	for _, c := range fixedCases(f) {
		f.Add(c.pub[:], c.msg, c.sig)
	}
	f.Fuzz(func(t *testing.T, pubIn, msg, sig []byte) {
		var pub [32]byte
		copy(pub[:], pubIn)
		want := verifyReference(pub, msg, sig)
		if got := Verify(pub, msg, sig); got != want {
			t.Fatalf("Verify = %v, reference = %v (pub %x msg %x sig %x)", got, want, pub, msg, sig)
		}
	})
}

// FuzzVerifySigned signs a fuzz-chosen message with a fuzz-chosen key and then applies
// fuzz-chosen XOR masks to the signature and key, so that near-valid inputs (including
// accepting ones) are explored as well as random ones.
func FuzzVerifySigned(f *testing.F) {
	f.Add(make([]byte, 32), []byte("msg"), []byte{}, []byte{}, false)
	f.Add([]byte("seed"), []byte(""), []byte{0, 0, 0, 1}, []byte{}, false)
	f.Add([]byte("seed2"), []byte("m"), make([]byte, 63), []byte{}, true)
	f.Add([]byte("seed3"), []byte("m"), []byte{}, []byte{1}, false)
	f.Fuzz(func(t *testing.T, seedIn, msg, sigMask, pubMask []byte, dropMarker bool) {
		var seed [32]byte
		copy(seed[:], seedIn)
		kp := FromSeed(seed)
		sig, err := kp.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(sigMask) && i < 64; i++ {
			sig[i] ^= sigMask[i]
		}
		if dropMarker {
			sig[63] &^= 0x80
		}
		pub := kp.Public()
		for i := 0; i < len(pubMask) && i < 32; i++ {
			pub[i] ^= pubMask[i]
		}
		want := verifyReference(pub, msg, sig[:])
		if got := Verify(pub, msg, sig[:]); got != want {
			t.Fatalf("Verify = %v, reference = %v (pub %x msg %x sig %x)", got, want, pub, msg, sig)
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	r := mrand.New(mrand.NewPCG(5, 5))
	const pool = 4096
	type signed struct {
		pub [32]byte
		msg []byte
		sig [64]byte
	}
	fresh := make([]signed, pool)
	for i := range fresh {
		kp := randomKeypair(b, r)
		msg := randBytes(r, 100)
		sig, err := kp.Sign(msg)
		if err != nil {
			b.Fatal(err)
		}
		fresh[i] = signed{kp.Public(), msg, sig}
	}
	impls := []struct {
		name string
		fn   func([32]byte, []byte, []byte) bool
	}{{"old", verifyReference}, {"new", Verify}}
	for _, impl := range impls {
		b.Run(impl.name+"/samekey", func(b *testing.B) {
			s := fresh[0]
			pubKeys.reset()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if !impl.fn(s.pub, s.msg, s.sig[:]) {
					b.Fatal("rejected")
				}
			}
		})
		b.Run(impl.name+"/freshkeys", func(b *testing.B) {
			// Every verification is of a key not in the cache: the cache is dropped
			// each time the pool wraps.
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				j := i % pool
				if j == 0 {
					pubKeys.reset()
				}
				s := &fresh[j]
				if !impl.fn(s.pub, s.msg, s.sig[:]) {
					b.Fatal("rejected")
				}
			}
		})
	}
}
