package main

import (
	"fmt"
	"io"
	"math/big"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/amm"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/fixed"
)

// openInput returns the input stream: stdin for "", "-" or "stdin", else the file.
func openInput(c *cli.Context, name string) (io.Reader, func(), error) {
	if name == "" || name == "-" || name == "stdin" {
		return c.App.Reader, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("open input: %w", err)
	}
	return f, func() { _ = f.Close() }, nil
}

// u128String renders a 128-bit integer in decimal.
func u128String(hi, lo uint64) string {
	if hi == 0 {
		return fmt.Sprint(lo)
	}
	v := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
	return v.Or(v, new(big.Int).SetUint64(lo)).String()
}

// priceFromBits renders raw U64F64 bits (decimal) as an exact decimal price
// rounded to 9 places; the bits themselves are the exact value.
func priceFromBits(bits string) string {
	v, ok := new(big.Int).SetString(bits, 10)
	if !ok {
		return bits
	}
	return ratDecimal(new(big.Rat).SetFrac(v, new(big.Int).Lsh(big.NewInt(1), 64)), 9)
}

// formatPrice renders a U64F64 price as a decimal with 9 places.
func formatPrice(p fixed.U64F64) string {
	return ratDecimal(new(big.Rat).SetFrac(p.RawBig(), new(big.Int).Lsh(big.NewInt(1), 64)), 9)
}

// formatWeight renders Perquintill parts as a decimal fraction.
func formatWeight(parts uint64) string {
	return ratDecimal(new(big.Rat).SetFrac(new(big.Int).SetUint64(parts), big.NewInt(1e18)), 18)
}

// ratDecimal renders r rounded half away from zero to places decimals.
func ratDecimal(r *big.Rat, places int) string {
	return r.FloatString(places)
}

// poolFlags are the flags that describe one pool for quote, max and curve.
func poolFlags() []cli.Flag {
	return []cli.Flag{
		&cli.Uint64Flag{Name: "tao", Usage: "TAO reserve in RAO (required)"},
		&cli.Uint64Flag{Name: "alpha", Usage: "alpha reserve in RAO (required)"},
		&cli.Uint64Flag{Name: "weight", Value: uint64(amm.HalfWeight), Usage: "quote (TAO) weight in Perquintill parts"},
		&cli.Uint64Flag{Name: "fee-rate", Value: uint64(amm.DefaultFeeRate), Usage: "fee rate out of 65535 (max 10000)"},
		&cli.Uint64Flag{Name: "min-reserve", Value: amm.DefaultMinimumReserve, Usage: "minimum reserve in RAO"},
		&cli.StringFlag{Name: "curve", Value: "balancer", Usage: "balancer|constant_product"},
	}
}

// poolFromFlags builds the pool the flags describe; bad values are usage errors.
func poolFromFlags(c *cli.Context) (amm.Pool, error) {
	if !c.IsSet("tao") || !c.IsSet("alpha") {
		return amm.Pool{}, tcli.Usagef("--tao and --alpha are required")
	}
	p := amm.NewPool(c.Uint64("tao"), c.Uint64("alpha"))
	w := c.Uint64("weight")
	if w > uint64(amm.PerquintillOne) || amm.Perquintill(w) < amm.MinWeight || amm.PerquintillOne-amm.Perquintill(w) < amm.MinWeight {
		return p, tcli.Usagef("--weight %d outside [10^16, 99·10^16]", w)
	}
	p.QuoteWeight = amm.Perquintill(w)
	if fr := c.Uint64("fee-rate"); fr > uint64(amm.MaxFeeRate) {
		return p, tcli.Usagef("--fee-rate %d above the chain maximum %d", fr, amm.MaxFeeRate)
	} else {
		p.FeeRate = uint16(fr)
	}
	p.MinimumReserve = c.Uint64("min-reserve")
	switch c.String("curve") {
	case "balancer":
	case "constant_product":
		p.Curve = amm.CurveConstantProduct
	default:
		return p, tcli.Usagef("--curve %q: want balancer|constant_product", c.String("curve"))
	}
	return p, nil
}
