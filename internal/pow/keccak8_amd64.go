//go:build amd64 && !purego

package pow

import "golang.org/x/sys/cpu"

// hasKeccak8 reports whether keccak256x32x8 runs as AVX-512 assembly; the
// CPU backend then hashes eight nonces per call.
var hasKeccak8 = cpu.X86.HasAVX512F

// keccak256x32x8 computes eight keccak256x32 at once: for each message j,
// in[i][j] is its word i and out[i][j] the digest's word i.
//
//go:noescape
func keccak256x32x8(in, out *[4][8]uint64)
