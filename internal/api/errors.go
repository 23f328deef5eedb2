package api

import "errors"

var (
	// ErrBadRequest marks a malformed request (status 400).
	ErrBadRequest = errors.New("bad request")
	// ErrUnsupportedMediaType marks a body in a content type the endpoint
	// does not take (status 415).
	ErrUnsupportedMediaType = errors.New("unsupported content type")
)

// Error codes in error bodies.
const (
	CodeBadRequest       = "bad_request"
	CodeMalformedTx      = "malformed_tx"
	CodeTxRejected       = "tx_rejected"
	CodeNonceTaken       = "nonce_taken"
	CodeAccountLimit     = "account_limit"
	CodeMempoolFull      = "mempool_full"
	CodeDropped          = "dropped"
	CodeNotFound         = "not_found"
	CodePruned           = "pruned"
	CodeFutureHeight     = "future_height"
	CodeTooLarge         = "too_large"
	CodeUnsupportedMedia = "unsupported_media_type"
	CodeMethodNotAllowed = "method_not_allowed"
	CodeTimeout          = "timeout"
	CodeUnavailable      = "unavailable"
	CodeLagged           = "lagged"
	CodeInternal         = "internal"
)
