// Package validator is the scoring side of a subnet: one validation round
// (query every served miner with a signed challenge, score the answers
// with the user's scorer and their latency, keep an exponential moving
// average per uid, turn it into u16 weights) and the weight submission
// rules (set_weights, or commit then reveal when the subnet has
// commit-reveal on, within the weights rate limit). The state between
// rounds lives in a JSON file written atomically. cmd/validate wires it to
// the command line; docs/participants.md documents the behaviour.
package validator
