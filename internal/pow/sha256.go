package pow

import (
	"crypto/sha256"
	"encoding/binary"
	"math/bits"
)

// sha256IV is the SHA-256 initial hash value.
var sha256IV = [8]uint32{
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
}

// preBlock is the single padded SHA-256 block of a 40-byte seal input:
// nonce_le64 ‖ bhk ‖ 0x80 ‖ zeros ‖ bit length 320 as big-endian u64.
type preBlock [64]byte

func (b *preBlock) init(bhk [32]byte) {
	*b = preBlock{}
	copy(b[8:40], bhk[:])
	b[40] = 0x80
	binary.BigEndian.PutUint64(b[56:], 40*8)
}

// digestWords returns SHA-256(nonce_le64 ‖ bhk) as the four little-endian
// 64-bit words Keccak absorbs. With SHA-NI it calls the compression
// function once on the pre-padded block, skipping crypto/sha256's
// buffering and padding; otherwise it uses crypto/sha256.Sum256.
func (b *preBlock) digestWords(nonce uint64) (m0, m1, m2, m3 uint64) {
	binary.LittleEndian.PutUint64(b[:8], nonce)
	if hasSHANI {
		return b.wordsSHANI()
	}
	return b.wordsStd()
}

// wordsSHANI is digestWords through sha256BlockSHANI.
func (b *preBlock) wordsSHANI() (m0, m1, m2, m3 uint64) {
	h := sha256IV
	sha256BlockSHANI(&h, b[:])
	// Digest bytes are h[i] big-endian; a little-endian load of
	// h[2k] ‖ h[2k+1] gives these words.
	return uint64(bits.ReverseBytes32(h[0])) | uint64(bits.ReverseBytes32(h[1]))<<32,
		uint64(bits.ReverseBytes32(h[2])) | uint64(bits.ReverseBytes32(h[3]))<<32,
		uint64(bits.ReverseBytes32(h[4])) | uint64(bits.ReverseBytes32(h[5]))<<32,
		uint64(bits.ReverseBytes32(h[6])) | uint64(bits.ReverseBytes32(h[7]))<<32
}

// wordsStd is digestWords through crypto/sha256.
func (b *preBlock) wordsStd() (m0, m1, m2, m3 uint64) {
	d := sha256.Sum256(b[:40])
	return binary.LittleEndian.Uint64(d[0:]), binary.LittleEndian.Uint64(d[8:]),
		binary.LittleEndian.Uint64(d[16:]), binary.LittleEndian.Uint64(d[24:])
}

// digestWords8 sets in[i][j] to digestWords(nonce+j), j = 0..7.
func (b *preBlock) digestWords8(nonce uint64, in *[4][8]uint64) {
	if hasSHANI {
		sha256x8(b, nonce, in)
		return
	}
	for j := uint64(0); j < 8; j++ {
		in[0][j], in[1][j], in[2][j], in[3][j] = b.digestWords(nonce + j)
	}
}
