package keys

import (
	"bytes"
	"sync"
	"sync/atomic"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"
	r255 "github.com/gtank/ristretto255"
)

// Verify reports whether sig is a valid sr25519 signature by pub over msg with the
// "substrate" signing context. Malformed keys or signatures are simply invalid.
//
// It returns exactly the decision go-schnorrkel's NewPublicKey / Signature.Decode /
// PublicKey.Verify path returns, with less work: schnorrkel decodes the key, decodes R,
// re-encodes both to feed the transcript and compares the recomputed R' with the decoded
// R as group elements (four square-root/inversion exponentiations plus the double scalar
// multiplication). Here:
//
//   - the key is decoded once and cached (negated, ready for the multiplication);
//   - the transcript is fed the raw key bytes and the raw R bytes sig[:32]. Ristretto
//     decoding accepts only the canonical encoding of a point, so for every key and R that
//     schnorrkel accepts, its re-encodings are exactly these bytes and the transcript (and
//     so the challenge k) is identical;
//   - R is never decoded. We compute R' = s·B − k·A, encode it and compare the bytes with
//     sig[:32]. If sig[:32] is a valid (hence canonical) encoding of R, then R' == R as
//     ristretto elements iff their canonical encodings are equal, which is what
//     schnorrkel's Equal decides. If sig[:32] is not a valid encoding, schnorrkel rejects
//     at Signature.Decode; Encode always yields a valid canonical encoding, so it can
//     never equal those bytes and we reject too. (Our challenge k is then one schnorrkel
//     never computes, but whatever it is the outcome, reject, is the same.)
//
// s is decoded exactly as Signature.Decode does: the schnorrkel marker bit sig[63]&128
// must be set, it is cleared, and s must be a canonical scalar (< l). A public key that
// does not decode, or that is the identity (schnorrkel's "point at infinity" error), is
// rejected.
func Verify(pub [32]byte, msg, sig []byte) bool {
	if len(sig) != SignatureSize {
		return false
	}
	if sig[63]&128 == 0 {
		return false // not marked as a schnorrkel signature
	}
	var sb [32]byte
	copy(sb[:], sig[32:])
	sb[31] &= 127
	s := r255.NewScalar()
	if err := s.Decode(sb[:]); err != nil {
		return false // non-canonical s
	}
	negA := pubKeys.negated(pub)
	if negA == nil {
		return false // invalid key or the identity
	}

	k := challengeScalar(pub, sig[:32], msg)
	var buf [32]byte
	rp := r255.NewElement().VarTimeDoubleScalarBaseMult(k, negA, s)
	return bytes.Equal(rp.Encode(buf[:0]), sig[:32])
}

// challengeScalar is schnorrkel's challenge k for key pub, commitment R (its
// encoding) and message msg in the "substrate" signing context.
func challengeScalar(pub [32]byte, r, msg []byte) *r255.Scalar {
	t := schnorrkel.NewSigningContext([]byte(SigningContext), msg)
	t.AppendMessage([]byte("proto-name"), []byte("Schnorr-sig"))
	t.AppendMessage([]byte("sign:pk"), pub[:])
	t.AppendMessage([]byte("sign:R"), r)
	return r255.NewScalar().FromUniformBytes(t.ExtractBytes([]byte("sign:c"), 64))
}

// pubKeyCacheSize bounds the decoded-public-key cache; when it fills it is dropped and
// started afresh, which keeps the hot keys (validators, busy hotkeys) decoded cheaply
// without letting a stream of fresh keys grow memory without bound.
const pubKeyCacheSize = 1 << 16

// identityElement is the ristretto identity, which schnorrkel refuses as a public key.
var identityElement = r255.NewElement().Zero()

// pubKeyCache maps 32-byte public keys to their decoded, negated points (nil for keys
// that schnorrkel would refuse). It is safe for concurrent use; cached elements are
// only ever read.
type pubKeyCache struct {
	limit int64
	cur   atomic.Pointer[pubKeyGen]
}

type pubKeyGen struct {
	m sync.Map // [32]byte -> *r255.Element (nil: invalid key)
	n atomic.Int64
}

var pubKeys = newPubKeyCache(pubKeyCacheSize)

func newPubKeyCache(limit int64) *pubKeyCache {
	c := &pubKeyCache{limit: limit}
	c.cur.Store(&pubKeyGen{})
	return c
}

// negated returns −A for the key pub, or nil when pub is not a valid, non-identity
// ristretto255 encoding.
func (c *pubKeyCache) negated(pub [32]byte) *r255.Element {
	g := c.cur.Load()
	if v, ok := g.m.Load(pub); ok {
		return v.(*r255.Element)
	}
	negA := decodeNegated(pub)
	if _, loaded := g.m.LoadOrStore(pub, negA); !loaded {
		if g.n.Add(1) >= c.limit {
			c.cur.CompareAndSwap(g, &pubKeyGen{})
		}
	}
	return negA
}

// reset drops every cached key.
func (c *pubKeyCache) reset() { c.cur.Store(&pubKeyGen{}) }

func decodeNegated(pub [32]byte) *r255.Element {
	a := r255.NewElement()
	if err := a.Decode(pub[:]); err != nil {
		return nil
	}
	if a.Equal(identityElement) == 1 {
		return nil
	}
	return a.Negate(a)
}
