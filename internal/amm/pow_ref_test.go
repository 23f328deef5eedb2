package amm

import (
	"math/big"
	"testing"
)

func bi(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad int " + s)
	}
	return v
}

func TestPowRatioScaledRefDocExample(t *testing.T) {
	// safe-bigmath's own doc example: (2/3)^(1/2)·1000 → 816.
	r, ok := PowRatioScaledRef(big.NewInt(2), big.NewInt(3), big.NewInt(1), big.NewInt(2), 0, big.NewInt(1000))
	if !ok || r.Int64() != 816 {
		t.Fatalf("got %v %v, want 816", r, ok)
	}
}

func TestPowRatioScaledRefNone(t *testing.T) {
	one := big.NewInt(1)
	zero := new(big.Int)
	if _, ok := PowRatioScaledRef(one, zero, one, one, 256, one); ok {
		t.Fatal("zero base denominator must give None")
	}
	if _, ok := PowRatioScaledRef(one, one, one, zero, 256, one); ok {
		t.Fatal("zero exponent denominator must give None")
	}
	if r, ok := PowRatioScaledRef(zero, one, one, one, 256, one); !ok || r.Sign() != 0 {
		t.Fatal("zero base must give 0")
	}
	if r, ok := PowRatioScaledRef(one, big.NewInt(2), zero, one, 256, big.NewInt(77)); !ok || r.Int64() != 77 {
		t.Fatal("zero exponent must give scale")
	}
	if _, ok := PowRatioScaledRef(one, one, one, one, 256, big.NewInt(-1)); ok {
		t.Fatal("negative scale must give None")
	}
}
