package main

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/query"
)

// symbols maps netuids to their token symbols (from the chain's subnet
// records; τ for root).
type symbols map[uint16]string

func symbolsOf(subs []query.Subnet) symbols {
	m := symbols{}
	for _, s := range subs {
		m[s.Netuid] = s.Symbol
	}
	return m
}

// of returns netuid's symbol: the chain's, else τ for root and α otherwise.
func (m symbols) of(netuid uint16) string {
	if s := m[netuid]; s != "" {
		return s
	}
	if netuid == 0 {
		return output.SymbolTAO
	}
	return output.SymbolAlpha
}

// alpha formats an amount of netuid's token with its symbol (or raw units).
func (e *runEnv) alpha(sym string, units uint64) string {
	if e.amt.Raw {
		return strconv.FormatUint(units, 10)
	}
	return output.FormatAmount(sym, units)
}

// price formats a price in RAO per whole α as "τ0.012345678" (or raw).
func (e *runEnv) price(raoPerAlpha uint64) string {
	return e.amt.TAO(raoPerAlpha)
}

// frac16 shows a u16 fraction of 65 535 as a 5-decimal number.
func frac16(v uint16) string {
	return strconv.FormatFloat(float64(v)/65535, 'f', 5, 64)
}

// fracPPB shows parts per billion as a percentage.
func fracPPB(v uint64) string {
	return strconv.FormatFloat(float64(v)/1e7, 'f', 4, 64) + "%"
}

// short abbreviates an address for wide tables.
func short(id fmt.Stringer) string {
	s := id.String()
	if len(s) <= 12 {
		return s
	}
	return s[:6] + "…" + s[len(s)-4:]
}

// mulDiv returns ⌊a·b/c⌋ saturated to u64 (c > 0).
func mulDiv(a, b, c uint64) uint64 {
	if c == 0 {
		return 0
	}
	r := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
	r.Quo(r, new(big.Int).SetUint64(c))
	if !r.IsUint64() {
		return ^uint64(0)
	}
	return r.Uint64()
}

// parseNetuids parses "1,2,3".
func parseNetuids(s string) ([]uint16, error) {
	var out []uint16
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n, err := strconv.ParseUint(part, 10, 16)
		if err != nil {
			return nil, badInput("netuid %q is not a number below 65536", part)
		}
		out = append(out, uint16(n))
	}
	if len(out) == 0 {
		return nil, badInput("no netuids given")
	}
	return out, nil
}

// netuidArg reads --netuid as a u16.
func netuidArg(e *runEnv) (uint16, error) {
	v := e.c.Uint(flagNetuid)
	if v > 0xffff {
		return 0, badInput("--netuid %d is above 65535", v)
	}
	return uint16(v), nil
}

func boolStr(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func u64(v uint64) string { return strconv.FormatUint(v, 10) }
