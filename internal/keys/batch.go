package keys

import (
	"crypto/rand"

	r255 "github.com/gtank/ristretto255"
)

// BatchItem is one signature to verify in a batch.
type BatchItem struct {
	Pub [32]byte
	Msg []byte
	Sig []byte
}

// VerifyBatch reports whether every item would pass Verify, checking them
// together: with random 128-bit z_i it tests
//
//	(Σ z_i·s_i)·B − Σ (z_i·k_i)·A_i − Σ z_i·R_i = 0
//
// in one multi-scalar multiplication, which costs about half of verifying
// one by one. If every item is valid the equation holds exactly, so the
// result is true. If any item is invalid the result is false, except with
// probability below 2⁻¹²⁸ over the choice of the z_i (ristretto255 has
// prime order). Items are checked exactly as Verify checks them (length,
// marker bit, canonical s, valid non-identity key); R must also decode, as
// it must for Verify to accept. A false result says nothing about which
// item is bad: verify them one by one to find out.
func VerifyBatch(items []BatchItem) bool {
	if len(items) == 0 {
		return true
	}
	zs := make([]byte, 16*len(items))
	if _, err := rand.Read(zs); err != nil {
		return false
	}
	scalars := make([]*r255.Scalar, 0, 2*len(items)+1)
	points := make([]*r255.Element, 0, 2*len(items)+1)
	sumZS := r255.NewScalar()
	var sb, zb [32]byte
	for i, it := range items {
		sig := it.Sig
		if len(sig) != SignatureSize || sig[63]&128 == 0 {
			return false
		}
		copy(sb[:], sig[32:])
		sb[31] &= 127
		s := r255.NewScalar()
		if err := s.Decode(sb[:]); err != nil {
			return false
		}
		negA := pubKeys.negated(it.Pub)
		if negA == nil {
			return false
		}
		negR := r255.NewElement()
		if err := negR.Decode(sig[:32]); err != nil {
			return false
		}
		negR.Negate(negR)

		k := challengeScalar(it.Pub, sig[:32], it.Msg)

		copy(zb[:16], zs[16*i:16*i+16]) // zb[16:] stays zero: z < 2^128 < l
		z := r255.NewScalar()
		if err := z.Decode(zb[:]); err != nil {
			return false
		}
		sumZS.Add(sumZS, s.Multiply(s, z))
		scalars = append(scalars, k.Multiply(k, z), z)
		points = append(points, negA, negR)
	}
	scalars = append(scalars, sumZS)
	points = append(points, r255.NewElement().Base())
	return r255.NewElement().VarTimeMultiScalarMult(scalars, points).Equal(identityElement) == 1
}
