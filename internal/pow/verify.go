package pow

import "fmt"

// WorkValidityBlocks is the legacy chain's work window: work for block b is
// accepted at head n only if b ≤ n and n − b < WorkValidityBlocks.
const WorkValidityBlocks = 3

// Verify applies the pure checks of the legacy chain's do_registration to
// work submitted for problem p with nonce, in the chain's order: the work
// must meet p.Difficulty in p.Order (ErrInvalidDifficulty), then it must
// equal the seal of p.BlockHash, p.Hotkey and nonce (ErrInvalidSeal).
// p.StartNonce is ignored. The returned errors wrap the sentinels.
func Verify(p Problem, nonce uint64, work [32]byte) error {
	if !MeetsDifficultyOrder(work, p.Difficulty, p.Order) {
		return fmt.Errorf("work %x does not meet difficulty %d (%s): %w", work, p.Difficulty, p.Order, ErrInvalidDifficulty)
	}
	if seal := Seal(p.BlockHash, p.Hotkey, nonce); seal != work {
		return fmt.Errorf("work %x is not the seal %x of nonce %d: %w", work, seal, nonce, ErrInvalidSeal)
	}
	return nil
}

// CheckWorkBlock is the legacy chain's block-age rule: work made for
// workBlock is acceptable at head block current iff workBlock ≤ current and
// current − workBlock < WorkValidityBlocks. It returns an error wrapping
// ErrInvalidWorkBlock otherwise.
func CheckWorkBlock(workBlock, current uint64) error {
	if workBlock > current {
		return fmt.Errorf("work block %d is after current block %d: %w", workBlock, current, ErrInvalidWorkBlock)
	}
	if current-workBlock >= WorkValidityBlocks {
		return fmt.Errorf("work block %d is %d blocks behind current block %d (limit %d): %w",
			workBlock, current-workBlock, current, WorkValidityBlocks-1, ErrInvalidWorkBlock)
	}
	return nil
}
