package main

import (
	"errors"
	"testing"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		u    unit
		want uint64
		bad  bool
	}{
		{"1.5", unitTAO, 1_500_000_000, false},
		{"τ1.5", unitTAO, 1_500_000_000, false},
		{"1.5tao", unitTAO, 1_500_000_000, false},
		{"1.5 TAO", unitTAO, 1_500_000_000, false},
		{"1500000000rao", unitTAO, 1_500_000_000, false},
		{"1_000", unitTAO, 1_000_000_000_000, false},
		{".5", unitTAO, 500_000_000, false},
		{"7", unitTAO, 7_000_000_000, false},
		{"0.000000001", unitTAO, 1, false},
		{"α2", unitAlpha, 2_000_000_000, false},
		{"2alpha", unitAlpha, 2_000_000_000, false},
		{"2", unitAlpha, 2_000_000_000, false},
		{"5rao", unitAlpha, 5, false},
		{"18446744073.709551615", unitTAO, 18446744073709551615, false},
		{"18446744073.709551616", unitTAO, 0, true},
		{"0.0000000001", unitTAO, 0, true},
		{"α1", unitTAO, 0, true},
		{"τ1", unitAlpha, 0, true},
		{"1.5btc", unitTAO, 0, true},
		{"1.5rao", unitTAO, 0, true},
		{"-1", unitTAO, 0, true},
		{"1e9", unitTAO, 0, true},
		{"", unitTAO, 0, true},
		{".", unitTAO, 0, true},
		{"0", unitTAO, 0, true},
		{"1.2.3", unitTAO, 0, true},
	} {
		got, err := parseAmount(c.in, c.u, false)
		if c.bad {
			if !errors.Is(err, errBadInput) {
				t.Errorf("parseAmount(%q) = %d, %v; want a bad-input error", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("parseAmount(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}

func TestParseFraction(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]uint64{"0.005": 5_000_000, "0.5%": 5_000_000, "1": 1_000_000_000, "100%": 1_000_000_000, "0": 0} {
		if got, err := parseFraction(in); err != nil || got != want {
			t.Errorf("parseFraction(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"1.5", "101%", "x", "-0.1"} {
		if _, err := parseFraction(in); !errors.Is(err, errBadInput) {
			t.Errorf("parseFraction(%q): %v, want bad input", in, err)
		}
	}
}
