// Package api is taod's HTTP API: submitting signed calls, chain queries
// (through internal/query, at the latest or a historical height), a block
// stream, /health and /metrics. Bodies are JSON or msgpack by content
// negotiation (Accept / Content-Type application/msgpack); msgpack uses the
// same field names as JSON. Every error is a 4xx/5xx status with a body
// {error, code[, reason]}. docs/api.md is the reference; package
// internal/api/client is the Go client.
package api
