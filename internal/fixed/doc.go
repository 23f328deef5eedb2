// Package fixed implements the deterministic fixed-point types of
// substrate-fixed v0.6.0 as subtensor uses them: I32F32, I64F64, I96F32,
// I110F18, U64F64 and U96F32.
//
// The semantics follow the crate exactly (yuma.md §2, dtao.md §0.3):
// multiplication widens and shifts right (floor, an arithmetic shift for
// signed values); division is (a << frac) / b truncated toward zero; plain
// Add, Sub and Mul wrap on overflow like Rust's release build; the Sat*
// variants clamp; CheckedDiv fails on a zero divisor or overflow, and SafeDiv
// is subtensor's safe_div (0 on either). Conversions from integers are exact,
// conversions between layouts drop extra fractional bits (floor), and
// conversions from float literals round to nearest, ties to even.
//
// No float64 arithmetic is used: the FromFloat constructors decompose the
// binary value exactly and exist for literals and test vectors only.
package fixed

//go:generate go run ./internal/gen
