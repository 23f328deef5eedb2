package pow

//go:generate go run ./internal/keccakgen -o keccakf_gen.go -asm keccak256x32x8_amd64.s
//go:generate go run ./internal/sha256gen -in sha256ni_amd64.s -o sha256x8_amd64.s

import "encoding/binary"

// keccakRate is the Keccak-256 rate in bytes (capacity 512 bits).
const keccakRate = 136

// Keccak256 returns the Keccak-256 digest of data with the original Keccak
// padding (domain byte 0x01), as used by Ethereum and by subtensor's
// sp_io::hashing::keccak_256. It is not SHA3-256, which pads with 0x06.
func Keccak256(data []byte) [32]byte {
	var a [25]uint64
	for len(data) >= keccakRate {
		for i := 0; i < keccakRate/8; i++ {
			a[i] ^= binary.LittleEndian.Uint64(data[8*i:])
		}
		keccakF1600(&a)
		data = data[keccakRate:]
	}
	var block [keccakRate]byte
	n := copy(block[:], data)
	block[n] ^= 0x01
	block[keccakRate-1] ^= 0x80
	for i := 0; i < keccakRate/8; i++ {
		a[i] ^= binary.LittleEndian.Uint64(block[8*i:])
	}
	keccakF1600(&a)
	var out [32]byte
	for i := 0; i < 4; i++ {
		binary.LittleEndian.PutUint64(out[8*i:], a[i])
	}
	return out
}

// keccak256Of32 is Keccak256 for exactly 32 bytes, through the specialised
// single-block permutation.
func keccak256Of32(in *[32]byte) [32]byte {
	o0, o1, o2, o3 := keccak256x32(
		binary.LittleEndian.Uint64(in[0:]),
		binary.LittleEndian.Uint64(in[8:]),
		binary.LittleEndian.Uint64(in[16:]),
		binary.LittleEndian.Uint64(in[24:]),
	)
	var out [32]byte
	binary.LittleEndian.PutUint64(out[0:], o0)
	binary.LittleEndian.PutUint64(out[8:], o1)
	binary.LittleEndian.PutUint64(out[16:], o2)
	binary.LittleEndian.PutUint64(out[24:], o3)
	return out
}

// keccak256x32x8Generic is the portable form of keccak256x32x8.
func keccak256x32x8Generic(in, out *[4][8]uint64) {
	for j := 0; j < 8; j++ {
		out[0][j], out[1][j], out[2][j], out[3][j] = keccak256x32(in[0][j], in[1][j], in[2][j], in[3][j])
	}
}
