package api

import (
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/tx"
)

// Media types the API speaks.
const (
	MediaJSON    = "application/json"
	MediaMsgpack = "application/msgpack"
	MediaOctet   = "application/octet-stream"
	MediaSSE     = "text/event-stream"
)

// ErrorBody is the body of every error response.
type ErrorBody struct {
	Error  string `json:"error"`
	Code   string `json:"code"`
	Reason string `json:"reason,omitempty"` // why a call was refused: StaleNonce, BadSignature, MempoolFull, …
}

// Health is /health.
type Health struct {
	Status      string     `json:"status"` // ok
	Height      uint64     `json:"height"`
	HeadTime    uint64     `json:"head_time"` // unix ms of the head block
	GenesisHash chain.Hash `json:"genesis_hash"`
}

// SubmitRequest is the JSON body of POST /v1/tx.
type SubmitRequest struct {
	Tx string `json:"tx"` // the encoded signed call, hex (0x optional)
}

// Submission statuses.
const (
	StatusPending  = "pending"  // in the mempool, ready for the next block
	StatusFuture   = "future"   // in the mempool, waiting for earlier nonces
	StatusIncluded = "included" // in a committed block (see Inclusion)
)

// SubmitResult answers POST /v1/tx.
type SubmitResult struct {
	Hash      chain.Hash      `json:"hash"`
	Status    string          `json:"status"`
	Signer    tx.AccountID    `json:"signer"`
	Nonce     uint64          `json:"nonce"`
	Call      string          `json:"call"`
	Fee       uint64          `json:"fee"`
	Inclusion *node.Inclusion `json:"inclusion,omitempty"`
}

// MempoolInfo is GET /v1/mempool.
type MempoolInfo struct {
	Txs   int `json:"txs"`
	Bytes int `json:"bytes"`
}

// Calls is GET /v1/calls: the call names the wire format knows and which
// of them this node's runtime implements.
type Calls struct {
	Known     []string `json:"known"`
	Supported []string `json:"supported"`
}
