// Package query reads committed chain state for the API and for tools: the
// head, blocks, accounts, subnets with their dTAO fields, metagraphs, stake
// by coldkey, delegates, child keys, pool quotes, pending emission, the
// network lock cost and the fee rule. Every function is pure over a
// store.Reader (the latest snapshot or a historical one from store.At),
// decoding values through the state tables;
// nothing here touches the node's live in-memory state, so queries are safe
// from any goroutine while blocks are being produced.
//
// Amounts are integers in RAO (TAO) or alpha base units; prices are given
// both as a decimal string (τ per α, exact U64F64) and as an integer number
// of RAO per whole alpha.
package query
