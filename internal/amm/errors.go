package amm

import "errors"

// ChainError is an error the chain itself returns; Name is its variant name
// in subtensor (for example "SwapInputTooLarge").
type ChainError struct {
	name string
	msg  string
}

// Error returns a lower-case description.
func (e *ChainError) Error() string { return e.msg }

// Name returns the chain's variant name of the error.
func (e *ChainError) Name() string { return e.name }

// ErrorName returns the chain's name for err (the first ChainError in its
// chain), or "" when err carries none.
func ErrorName(err error) string {
	var ce *ChainError
	if errors.As(err, &ce) {
		return ce.name
	}
	return ""
}

// Errors of the swap pallet and of pallet-subtensor that pool operations return.
var (
	// ErrSwapInputTooLarge: the net input exceeds 1000× the input-side reserve.
	ErrSwapInputTooLarge = &ChainError{"SwapInputTooLarge", "swap input too large"}
	// ErrReservesTooLow: the output reserve is below the minimum reserve, or
	// a non-zero input would pay out nothing.
	ErrReservesTooLow = &ChainError{"ReservesTooLow", "reserves too low"}
	// ErrPriceLimitExceeded: the current price is already at or beyond the limit.
	ErrPriceLimitExceeded = &ChainError{"PriceLimitExceeded", "price limit exceeded"}
	// ErrInsufficientLiquidity: the pool cannot pay the output (or, for the
	// constant-product curve, the output reserve would drop below the
	// minimum pool liquidity).
	ErrInsufficientLiquidity = &ChainError{"InsufficientLiquidity", "insufficient liquidity"}
	// ErrFeeRateTooHigh: the fee rate exceeds the chain's maximum (10 000 of 65 535).
	ErrFeeRateTooHigh = &ChainError{"FeeRateTooHigh", "fee rate too high"}
	// ErrReservesOutOfBalance: weights cannot be initialised from the given
	// price (zero reserves or a weight outside [0.01, 0.99]).
	ErrReservesOutOfBalance = &ChainError{"ReservesOutOfBalance", "reserves out of balance"}
	// ErrInvalidWeight: a quote weight outside [0.01, 0.99] (the balancer's
	// InvalidValue; the chain refuses the injection that would cause it).
	ErrInvalidWeight = &ChainError{"InvalidValue", "weight out of range"}
	// ErrMechanismDoesNotExist: the mechanism is neither stable nor dynamic.
	ErrMechanismDoesNotExist = &ChainError{"MechanismDoesNotExist", "mechanism does not exist"}
)
