package state

import "encoding/binary"

// Key codecs of the neuron tables.
var (
	heightKey = keyCodec[uint64]{
		enc: func(dst []byte, k uint64) []byte { return binary.BigEndian.AppendUint64(dst, k) },
		dec: func(b []byte) (uint64, error) {
			if len(b) != 8 {
				return 0, errKeyLen
			}
			return binary.BigEndian.Uint64(b), nil
		},
	}
	hash32Key = keyCodec[[32]byte]{
		enc: func(dst []byte, k [32]byte) []byte { return append(dst, k[:]...) },
		dec: func(b []byte) ([32]byte, error) {
			var k [32]byte
			if len(b) != 32 {
				return k, errKeyLen
			}
			copy(k[:], b)
			return k, nil
		},
	}
)

func (s *State) initNeurons() {
	s.BlockHashes = newTable[uint64, [32]byte](s, 'H', "block_hashes", heightKey)
	s.UsedWork = newTable[[32]byte, uint64](s, 'W', "used_work", hash32Key)
	s.PendingChildKeys = newTable[NetHotkey, uint64](s, 'C', "pending_child_keys", netHotkeyKey)
	s.Outputs = newDenseTable[NetUID, EpochOutputs](s, 'o', "epoch_outputs", netKey, netIx, netKx)
}
