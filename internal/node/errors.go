package node

import "errors"

var (
	// ErrMempoolFull means the mempool holds its maximum number of calls or bytes.
	ErrMempoolFull = errors.New("mempool full")
	// ErrAccountLimit means the signer already has the maximum number of
	// pending calls.
	ErrAccountLimit = errors.New("too many pending calls for this account")
	// ErrNonceTaken means another pending call of the signer uses the nonce.
	ErrNonceTaken = errors.New("nonce already used by a pending call")
	// ErrKnown means the very same call is already pending.
	ErrKnown = errors.New("call already pending")
	// ErrDropped means a pending call was removed without being included
	// (its nonce went stale).
	ErrDropped = errors.New("call dropped from the mempool")
	// ErrStopped means the node is shutting down.
	ErrStopped = errors.New("node stopped")
	// ErrRootMismatch means the store's recomputed state root differs from
	// the committed one.
	ErrRootMismatch = errors.New("state root does not recompute")
)
