// Package pow implements subtensor's proof-of-work registration: the seal
// hash, the difficulty check, a deterministic multi-threaded solver with a
// pluggable search backend, and the pure parts of the legacy chain's
// acceptance rules.
//
// # Seal construction and byte order
//
// All hashes are 32 bytes. Keccak-256 is the original Keccak (padding byte
// 0x01, rate 136 bytes) as in subtensor's sp_io::hashing::keccak_256, not
// SHA3-256. For a problem (block hash bh, hotkey public key hk) and a nonce:
//
//	bhk  = Keccak-256( bh[0..32] ‖ hk[0..32] )                 64-byte input
//	pre  = nonce as 8 bytes, little-endian ‖ bhk[0..32]        40 bytes
//	seal = Keccak-256( SHA-256( pre ) )                         SHA-256 digest is 32 bytes
//
// So nonce 1 is encoded 01 00 00 00 00 00 00 00, and nonce 0x0102 is
// 02 01 00 00 00 00 00 00. The hotkey is the raw 32-byte sr25519 public key
// (the coldkey's for the faucet), never its SS58 string. This matches
// subtensor's hash_block_and_hotkey and create_seal_hash, bittensor's
// pow.py and cubit's CUDA kernel.
//
// # Difficulty check and the endianness trap
//
// A seal meets difficulty D (a u64) iff W·D does not overflow 256 bits, that
// is W·D ≤ 2²⁵⁶−1, where W is the seal read as an unsigned 256-bit integer.
// Difficulty 0 and 1 accept every seal. The expected number of hashes per
// solution is about D.
//
// How W is read from the 32 seal bytes is the trap. The Python client,
// cubit and subtensor before June 2025 read it as BIG-endian: seal[0] is the
// most significant byte. Subtensor since mid 2025 (and dtao spec §6.2) reads
// it as LITTLE-endian, W = Σ seal[i]·256^i, and so rejects the seals those
// clients find (subtensor issue #1974). taokit's chain adopts the
// big-endian rule (ChainOrder = BigEndian, the zero value of Endian), as
// ecosystem spec §4.2 recommends; LittleEndian stays available. The two
// rules accept different nonces: for //Alice on the all-zero block hash with
// difficulty 1000, the first passing nonce is 1538 under BigEndian but 3029
// under LittleEndian. Every Problem carries its Order explicitly. The old
// clients used the strict W·D < 2²⁵⁶−1; that differs from the chain's
// overflow rule only when W·D is exactly 2²⁵⁶−1, and this package always
// uses the chain's rule.
//
// The hot path does not multiply: it precomputes T = ⌊(2²⁵⁶−1)/D⌋ once per
// problem as four 64-bit limbs and tests W ≤ T, which is equivalent. The
// Keccak output lanes are the little-endian words of the seal, so under
// LittleEndian the lanes are W's limbs with no byte shuffling.
//
// # Solver, determinism and restarts
//
// Solve searches nonces StartNonce, StartNonce+1, … up to 2⁶⁴−1 and returns
// the SMALLEST valid nonce ≥ StartNonce, whatever the thread count. Threads
// claim fixed-size chunks of nonces in increasing order from a shared
// counter; each chunk is scanned in order by Backend.Search, which reports
// the first valid nonce of its chunk. Once chunk k holds a solution no chunk
// above k is claimed, but chunks below k are finished, so the answer is the
// solution in the lowest chunk that has one. If ctx is cancelled, Solve
// still returns a solution when it can prove it is the smallest (every chunk
// below it was fully scanned); otherwise it returns the context's error.
//
// A problem changes when the chain moves on (a new block hash). Solve has
// restart semantics: SolveUpdates takes a channel of replacement problems;
// each one received abandons the current search (its hashes are discarded,
// progress counters restart from zero) and starts the new problem from its
// own StartNonce. The returned Solution names the Problem it solves, because
// a solution for the previous problem can win the race with an update; such
// a seal is still acceptable to the legacy chain while its block is fewer
// than WorkValidityBlocks behind the head (see CheckWorkBlock).
//
// # Backends and the GPU seam
//
// Search is behind the Backend interface: Search(ctx, work, nonceRange)
// scans one range in nonce order and returns the range's smallest valid
// nonce. Solve does the chunking, ordering, cancellation, and progress, so a
// backend only needs to be correct within one range; CPU is the portable
// implementation. A future internal/pow/cuda package can implement Backend
// with a kernel that hashes a whole range in parallel and takes the minimum
// valid nonce (an atomicMin, not "first thread to finish", which is what
// keeps results deterministic), and can report its preferred chunk size and
// concurrency through the optional Tuner interface. Such a backend receives
// everything a kernel needs precomputed in Work: the 32-byte bhk (the
// constant tail of the 40-byte SHA-256 input) and the threshold limbs.
//
// # Implementation and speed
//
// The hot path never allocates and never uses math/big. Per problem, bhk and
// the single padded SHA-256 block (pre ‖ 0x80 ‖ zeros ‖ bit length 320) are
// built once; per nonce only its first 8 bytes change. On amd64 with the
// SHA extensions, SHA-256 is the standard library's SHA-NI compression
// routine (copied into sha256ni_amd64.s, since crypto/sha256 does not export
// it) run once on that block; the eight-nonce batch path uses a generated
// variant (internal/sha256gen) that runs two compressions interleaved and
// builds the nonce block in registers. Without SHA-NI it is
// crypto/sha256.Sum256. Keccak-f[1600] is
// generated code (internal/keccakgen, go generate): a Go permutation that
// updates the state in place like x/crypto's, a variant specialised for one
// 32-byte block (padding folded into round 0, only four lanes computed in
// round 23), and, with AVX-512, an assembly version that hashes eight
// messages at once, one per 64-bit element of 25 ZMM registers
// (VPTERNLOGQ for θ and χ, VPROLQ for ρ). The purego build tag selects the
// pure Go paths and crypto/sha256. Measured on the 2-core development box
// (AMD, SHA-NI, AVX-512), one core: about 12–16 M seals/s with both
// accelerations, about 2.8 M/s with the scalar Go Keccak; see bench_test.go.
//
// # Legacy acceptance rules
//
// Verify applies the pure checks of subtensor's do_registration in the
// chain's order: the submitted work must meet the difficulty
// (ErrInvalidDifficulty), then it must equal the seal recomputed from the
// block hash, hotkey and nonce (ErrInvalidSeal). CheckWorkBlock is the
// block-age rule (ErrInvalidWorkBlock). Signature, rate limits, replay and
// registration state are the state machine's business, not this package's.
package pow
