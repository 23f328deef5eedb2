// Package node drives a chain.App as a single block producer: a mempool
// with per-account nonce ordering and limits, a producer loop on a timer or
// "instant" (a block as soon as a call is ready), waiters for inclusion, a
// hub publishing committed blocks to subscribers, and the counters behind
// /metrics.
//
// The producer chooses each header's time from its clock (the runtime never
// reads it). Each block is finalized and committed in one store transaction
// by the App; after a crash the node restarts at the last committed block.
// The mempool lives in memory only: calls not yet in a committed block are
// lost on a crash or restart and must be resubmitted.
package node
