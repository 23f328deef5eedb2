package output

import "strconv"

// RAOPerTAO is the number of RAO in one TAO (and of alpha units in one alpha).
const RAOPerTAO = 1_000_000_000

// Currency symbols.
const (
	SymbolTAO   = "τ"
	SymbolAlpha = "α"
)

// FormatAmount formats rao (1e-9 units) as symbol + a decimal with 9 places:
// FormatAmount("τ", 1_500_000_000) = "τ1.500000000".
func FormatAmount(symbol string, rao uint64) string {
	frac := strconv.FormatUint(rao%RAOPerTAO, 10)
	return symbol + strconv.FormatUint(rao/RAOPerTAO, 10) + "." + "000000000"[len(frac):] + frac
}

// FormatTAO formats RAO as TAO: "τ1.500000000".
func FormatTAO(rao uint64) string { return FormatAmount(SymbolTAO, rao) }

// FormatAlpha formats alpha base units as alpha: "α1.500000000".
func FormatAlpha(units uint64) string { return FormatAmount(SymbolAlpha, units) }

// Amounts formats balances for tables, honouring --raw.
type Amounts struct {
	Raw bool // print integer base units (RAO) instead of TAO/alpha
}

// TAO formats rao as TAO, or as the bare RAO integer when Raw.
func (a Amounts) TAO(rao uint64) string {
	if a.Raw {
		return strconv.FormatUint(rao, 10)
	}
	return FormatTAO(rao)
}

// Alpha formats alpha base units as alpha, or as the bare integer when Raw.
func (a Amounts) Alpha(units uint64) string {
	if a.Raw {
		return strconv.FormatUint(units, 10)
	}
	return FormatAlpha(units)
}
