package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// unit is the token an amount argument is denominated in.
type unit int

const (
	unitTAO   unit = iota // τ: "1.5", "τ1.5", "1.5tao", "1500000000rao"
	unitAlpha             // α: "1.5", "α1.5", "1.5alpha", "1500000000rao"
)

func (u unit) String() string {
	if u == unitAlpha {
		return "α"
	}
	return "τ"
}

const raoPerUnit = 1_000_000_000

// parseAmount parses an amount of u into base units (RAO for τ, 1e-9 α for
// α). A bare decimal is a whole-token amount with at most 9 decimals; the
// suffix "rao" means base units (an integer); a "τ"/"tao" or "α"/"alpha"
// prefix or suffix must match u. Anything else, more than 9 decimals, zero
// when !allowZero, or an overflow is errBadInput.
func parseAmount(s string, u unit, allowZero bool) (uint64, error) {
	orig := s
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", ""))
	lower := strings.ToLower(s)
	var v uint64
	if num, ok := strings.CutSuffix(lower, "rao"); ok {
		num = strings.TrimSpace(num)
		if num == "" || strings.ContainsAny(num, ".-+ ") {
			return 0, badInput("amount %q: rao amounts are whole numbers", orig)
		}
		n, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			return 0, badInput("amount %q: not a whole number of rao", orig)
		}
		v = n
	} else {
		num, err := stripUnit(lower, u)
		if err != nil {
			return 0, badInput("amount %q: %v", orig, err)
		}
		v, err = parseDecimal9(num)
		if err != nil {
			return 0, badInput("amount %q: %v", orig, err)
		}
	}
	if v == 0 && !allowZero {
		return 0, badInput("amount %q: must be positive", orig)
	}
	return v, nil
}

// stripUnit removes a unit symbol or word that must be u's.
func stripUnit(s string, u unit) (string, error) {
	type sym struct {
		text string
		u    unit
	}
	syms := []sym{{"τ", unitTAO}, {"tao", unitTAO}, {"α", unitAlpha}, {"alpha", unitAlpha}}
	for _, x := range syms {
		rest, pre := strings.CutPrefix(s, x.text)
		if !pre {
			rest, pre = strings.CutSuffix(s, x.text)
		}
		if !pre {
			continue
		}
		if x.u != u {
			return "", fmt.Errorf("amount is in %s but %s is expected here", x.u, u)
		}
		return strings.TrimSpace(rest), nil
	}
	return s, nil
}

// parseDecimal9 parses "123", "1.5", ".5" with at most 9 decimals into base units.
func parseDecimal9(s string) (uint64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty amount")
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return 0, fmt.Errorf("not a number")
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("not a number (want e.g. 1.5, τ1.5, 1.5tao or 1500000000rao)")
			}
		}
	}
	if hasDot && len(frac) > 9 {
		return 0, fmt.Errorf("more than 9 decimals (1 rao = 0.000000001)")
	}
	var w uint64
	if whole != "" {
		var err error
		if w, err = strconv.ParseUint(whole, 10, 64); err != nil {
			return 0, fmt.Errorf("too large")
		}
	}
	frac += strings.Repeat("0", 9-len(frac))
	f, _ := strconv.ParseUint(frac, 10, 64)
	if w > (math.MaxUint64-f)/raoPerUnit {
		return 0, fmt.Errorf("too large")
	}
	return w*raoPerUnit + f, nil
}

// parseFraction parses a fraction such as a tolerance: "0.005", "0.5%",
// returning parts per billion (1e9 = 100%).
func parseFraction(s string) (uint64, error) {
	orig := s
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	s = strings.TrimSuffix(s, "%")
	v, err := parseDecimal9(s)
	if err != nil {
		return 0, badInput("fraction %q: %v", orig, err)
	}
	if pct {
		v /= 100
	}
	if v > raoPerUnit {
		return 0, badInput("fraction %q: above 100%%", orig)
	}
	return v, nil
}
