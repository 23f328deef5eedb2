//go:build amd64 && !purego

package pow

import "golang.org/x/sys/cpu"

// hasSHANI reports whether sha256BlockSHANI can run: the SHA extensions
// (CPUID leaf 7, EBX bit 29) and the SSE4.1/SSSE3/AVX encodings it uses.
var hasSHANI = cpu.X86.HasAVX && cpu.X86.HasSSE41 && cpu.X86.HasSSSE3 && cpuid7EBX()&(1<<29) != 0

// sha256BlockSHANI runs the SHA-256 compression function over each 64-byte
// block of p, updating h.
//
//go:noescape
func sha256BlockSHANI(h *[8]uint32, p []byte)

func cpuid7EBX() uint32

// sha256x8 sets out[i][j] to little-endian word i of
// SHA-256(le64(nonce+j) ‖ blk[8:40]) for j = 0..7, using SHA-NI with two
// compressions interleaved. nonce+7 must not wrap.
//
//go:noescape
func sha256x8(blk *preBlock, nonce uint64, out *[4][8]uint64)
