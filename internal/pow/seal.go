package pow

import "encoding/binary"

// BlockHotkeyHash returns Keccak-256(blockHash ‖ hotkey), the "bhk" that is
// the constant 32-byte tail of every SHA-256 input for one problem
// (subtensor's hash_block_and_hotkey).
func BlockHotkeyHash(blockHash, hotkey [32]byte) [32]byte {
	var in [64]byte
	copy(in[:32], blockHash[:])
	copy(in[32:], hotkey[:])
	return Keccak256(in[:])
}

// SealFromBlockHotkey returns Keccak-256(SHA-256(nonce_le64 ‖ bhk))
// (subtensor's create_seal_hash), given bhk from BlockHotkeyHash.
func SealFromBlockHotkey(bhk [32]byte, nonce uint64) [32]byte {
	var s sealer
	s.init(bhk)
	o0, o1, o2, o3 := s.words(nonce)
	return sealBytes(o0, o1, o2, o3)
}

// Seal returns the seal of nonce for the block hash and hotkey public key.
func Seal(blockHash, hotkey [32]byte, nonce uint64) [32]byte {
	return SealFromBlockHotkey(BlockHotkeyHash(blockHash, hotkey), nonce)
}

// sealer holds the 40-byte SHA-256 input of one problem; only the first 8
// bytes (the nonce) change between seals. It is not safe for concurrent use.
type sealer struct {
	blk preBlock
}

func (s *sealer) init(bhk [32]byte) {
	s.blk.init(bhk)
}

// words returns the seal of nonce as its four little-endian 64-bit words:
// seal[8i:8i+8] = LittleEndian(oi).
func (s *sealer) words(nonce uint64) (o0, o1, o2, o3 uint64) {
	return keccak256x32(s.blk.digestWords(nonce))
}

func sealBytes(o0, o1, o2, o3 uint64) [32]byte {
	var out [32]byte
	binary.LittleEndian.PutUint64(out[0:], o0)
	binary.LittleEndian.PutUint64(out[8:], o1)
	binary.LittleEndian.PutUint64(out[16:], o2)
	binary.LittleEndian.PutUint64(out[24:], o3)
	return out
}
