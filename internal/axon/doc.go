// Package axon is the validator↔miner protocol of taokit: the signed HTTP
// request a validator (the "dendrite") sends, the miner's server (the
// "axon") that verifies, filters, orders and answers it, and the client.
// It follows bittensor's wire format (ecosystem spec §3) where that format
// is well defined, and fixes it where it is not.
//
// # Transport
//
// Plain HTTP/1.1. A request is POST http://<ip>:<port>/<name>, where name
// is the synapse name ([A-Za-z0-9_.-]{1,64}); the body is opaque bytes (the
// miner's command sees them on its stdin). The answer to an accepted
// request is status 200 with the command's stdout as the body.
//
// # Request headers
//
//	name                          synapse name (same as the path)
//	timeout                       seconds the caller waits, decimal (e.g. "12" or "2.5")
//	computed_body_hash            body hash, lower-case hex (see below)
//	bt_header_dendrite_nonce      caller's nonce: unix time in nanoseconds, decimal
//	bt_header_dendrite_hotkey     caller's (validator's) hotkey, SS58
//	bt_header_dendrite_uuid       caller instance id (any string up to 64 bytes)
//	bt_header_dendrite_version    caller version, major·10⁶+minor·10³+patch
//	bt_header_dendrite_signature  0x + hex of the 64-byte sr25519 signature
//	bt_header_axon_hotkey         the miner's hotkey the request is meant for, SS58
//
// # Body hash
//
// bittensor hashes Python str() renderings of selected fields, which no
// other language can reproduce in general. taokit hashes the bytes on the
// wire instead: computed_body_hash = hex(SHA3-256(body)), the FIPS SHA3-256
// (not Keccak) of the exact HTTP body bytes. For an empty body that is
// a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a, the same
// value bittensor sends for a synapse with no required hash fields. The axon
// recomputes it from the body it received.
//
// # Signing
//
// The caller signs, with its hotkey (sr25519, "substrate" signing context),
// the UTF-8 message
//
//	"{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}"
//
// (all as they appear in the headers; hotkeys in SS58). This is bittensor's
// dendrite message. The axon rebuilds it with ITS OWN hotkey as
// axon_hotkey, so a request signed for another miner fails verification.
// The axon signs its answer with the miner's hotkey over
// "{axon_nonce}.{dendrite_hotkey}.{axon_hotkey}.{axon_uuid}" (bittensor's
// axon message; bt_header_axon_* headers); Client checks it.
//
// # Verification and refusal codes
//
// The axon runs, in order: parse → body hash → signature → nonce →
// blacklist → priority queue → command. Each refusal has a status (the
// bittensor status for that stage, so bittensor clients' is_blacklist,
// is_timeout, failed_verification still work) and a machine-readable reason
// in the bt_header_axon_status_message header and the JSON error body
// {"error": "...", "reason": "..."}:
//
//	400 bad_request           missing or malformed header, bad name
//	400 body_hash_mismatch    computed_body_hash differs from the body received
//	401 wrong_axon            bt_header_axon_hotkey is not this miner
//	401 bad_signature         signature missing or invalid (tampered message)
//	401 stale_nonce           nonce older than now − allowed_delta − timeout (4 s + the request's timeout)
//	401 future_nonce          nonce more than allowed_delta ahead of the axon's clock
//	401 replayed_nonce        nonce not strictly greater than the last accepted one from (hotkey, uuid)
//	403 unregistered          caller hotkey not registered on the subnet
//	403 no_validator_permit   caller registered but holds no validator permit
//	405 method_not_allowed    not POST
//	408 timeout               the request's timeout passed (waiting or running)
//	413 too_large             body above the configured limit
//	500 command_failed        the miner's command failed (non-zero exit, output too large)
//	503 busy                  the wait queue is full
//
// The nonce check is per (caller hotkey, uuid), like bittensor: the first
// request must be fresh, later ones strictly greater than the previous
// accepted nonce. A nonce is recorded only after the signature verified, so
// nobody can burn another caller's nonces.
//
// # Priority
//
// At most MaxConcurrent requests run at a time. Others wait in a priority
// queue ordered by the caller's stake (highest first, then arrival); when
// MaxQueue are already waiting a new request is refused busy. A request
// whose timeout passes while it waits or runs is answered timeout and its
// command is killed (its process group), so a hanging command never holds
// a slot longer than the request's timeout.
package axon
