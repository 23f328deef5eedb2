package chain

import "errors"

// Validity errors: a transaction failing these is never applied (no fee, no
// nonce change). CheckTx returns them; FinalizeBlock records them in the
// receipt as invalid.
var (
	// ErrWrongChain means the transaction names another chain's genesis hash.
	ErrWrongChain = errors.New("transaction is for another chain")
	// ErrBadSignature means the signature does not verify.
	ErrBadSignature = errors.New("bad signature")
	// ErrStaleNonce means the nonce was already used.
	ErrStaleNonce = errors.New("stale nonce")
	// ErrFutureNonce means the nonce is ahead of the account's next nonce.
	ErrFutureNonce = errors.New("future nonce")
	// ErrCannotPayFee means the signer's free balance does not cover the fee.
	ErrCannotPayFee = errors.New("cannot pay fee")
	// ErrUnsupportedCall means the runtime does not implement the call.
	ErrUnsupportedCall = errors.New("unsupported call")
	// ErrHeight means FinalizeBlock was given the wrong height.
	ErrHeight = errors.New("wrong block height")
	// ErrNoPendingBlock means Commit was called without FinalizeBlock.
	ErrNoPendingBlock = errors.New("no finalized block to commit")
	// ErrGenesis means the genesis description is invalid.
	ErrGenesis = errors.New("invalid genesis")
	// ErrInvariant means a state invariant does not hold (a bug).
	ErrInvariant = errors.New("state invariant violated")
)
