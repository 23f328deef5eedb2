package pow

import "errors"

// ErrInvalidDifficulty is returned when the submitted work does not meet the
// problem's difficulty. Subtensor names it InvalidDifficulty.
var ErrInvalidDifficulty = errors.New("invalid difficulty")

// ErrInvalidSeal is returned when the submitted work is not the seal of the
// problem's block hash, hotkey and nonce. Subtensor names it InvalidSeal.
var ErrInvalidSeal = errors.New("invalid seal")

// ErrInvalidWorkBlock is returned when the work's block is in the future or
// WorkValidityBlocks or more blocks behind the current block. Subtensor
// names it InvalidWorkBlock.
var ErrInvalidWorkBlock = errors.New("invalid work block")

// ErrNoSolution is returned by Solve when every nonce from StartNonce to
// 2⁶⁴−1 was searched without meeting the difficulty.
var ErrNoSolution = errors.New("no solution in nonce space")

// ErrInvalidOptions is returned by Solve for options it cannot run with,
// such as a negative thread count.
var ErrInvalidOptions = errors.New("invalid solver options")

// ErrInvalidRange is returned by a Backend for an empty nonce range or one
// that wraps past 2⁶⁴−1.
var ErrInvalidRange = errors.New("invalid nonce range")
