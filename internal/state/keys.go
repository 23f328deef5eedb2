package state

import (
	"encoding/binary"
	"errors"

	"github.com/taokit/taokit/internal/keys"
)

// AccountID is a 32-byte public key (coldkey or hotkey).
type AccountID = keys.AccountID

// NetUID identifies a subnet; 0 is root.
type NetUID uint16

// RootNet is the root subnet.
const RootNet NetUID = 0

// NeuronKey addresses a uid on a subnet.
type NeuronKey struct {
	Net NetUID
	UID uint16
}

// NetHotkey addresses a hotkey on a subnet (uid lookup).
type NetHotkey struct {
	Net    NetUID
	Hotkey AccountID
}

// HotkeyNet addresses a hotkey's per-subnet data (stake pool, children).
type HotkeyNet struct {
	Hotkey AccountID
	Net    NetUID
}

// ShareKey addresses one coldkey's share in a (hotkey, subnet) stake pool.
type ShareKey struct {
	Hotkey  AccountID
	Net     NetUID
	Coldkey AccountID
}

// ParamKey addresses a per-subnet rate-limited setting.
type ParamKey struct {
	Net   NetUID
	Param uint8
}

var errKeyLen = errors.New("bad key length")

var (
	unitKey = keyCodec[struct{}]{
		enc: func(dst []byte, _ struct{}) []byte { return dst },
		dec: func(b []byte) (struct{}, error) {
			if len(b) != 0 {
				return struct{}{}, errKeyLen
			}
			return struct{}{}, nil
		},
	}
	accountKey = keyCodec[AccountID]{
		enc: func(dst []byte, k AccountID) []byte { return append(dst, k[:]...) },
		dec: func(b []byte) (AccountID, error) {
			var k AccountID
			if len(b) != 32 {
				return k, errKeyLen
			}
			copy(k[:], b)
			return k, nil
		},
	}
	netKey = keyCodec[NetUID]{
		enc: func(dst []byte, k NetUID) []byte { return binary.BigEndian.AppendUint16(dst, uint16(k)) },
		dec: func(b []byte) (NetUID, error) {
			if len(b) != 2 {
				return 0, errKeyLen
			}
			return NetUID(binary.BigEndian.Uint16(b)), nil
		},
	}
	neuronKey = keyCodec[NeuronKey]{
		enc: func(dst []byte, k NeuronKey) []byte {
			dst = binary.BigEndian.AppendUint16(dst, uint16(k.Net))
			return binary.BigEndian.AppendUint16(dst, k.UID)
		},
		dec: func(b []byte) (NeuronKey, error) {
			if len(b) != 4 {
				return NeuronKey{}, errKeyLen
			}
			return NeuronKey{NetUID(binary.BigEndian.Uint16(b)), binary.BigEndian.Uint16(b[2:])}, nil
		},
	}
	netHotkeyKey = keyCodec[NetHotkey]{
		enc: func(dst []byte, k NetHotkey) []byte {
			dst = binary.BigEndian.AppendUint16(dst, uint16(k.Net))
			return append(dst, k.Hotkey[:]...)
		},
		dec: func(b []byte) (NetHotkey, error) {
			var k NetHotkey
			if len(b) != 34 {
				return k, errKeyLen
			}
			k.Net = NetUID(binary.BigEndian.Uint16(b))
			copy(k.Hotkey[:], b[2:])
			return k, nil
		},
	}
	hotkeyNetKey = keyCodec[HotkeyNet]{
		enc: func(dst []byte, k HotkeyNet) []byte {
			dst = append(dst, k.Hotkey[:]...)
			return binary.BigEndian.AppendUint16(dst, uint16(k.Net))
		},
		dec: func(b []byte) (HotkeyNet, error) {
			var k HotkeyNet
			if len(b) != 34 {
				return k, errKeyLen
			}
			copy(k.Hotkey[:], b)
			k.Net = NetUID(binary.BigEndian.Uint16(b[32:]))
			return k, nil
		},
	}
	shareKey = keyCodec[ShareKey]{
		enc: func(dst []byte, k ShareKey) []byte {
			dst = append(dst, k.Hotkey[:]...)
			dst = binary.BigEndian.AppendUint16(dst, uint16(k.Net))
			return append(dst, k.Coldkey[:]...)
		},
		dec: func(b []byte) (ShareKey, error) {
			var k ShareKey
			if len(b) != 66 {
				return k, errKeyLen
			}
			copy(k.Hotkey[:], b)
			k.Net = NetUID(binary.BigEndian.Uint16(b[32:]))
			copy(k.Coldkey[:], b[34:])
			return k, nil
		},
	}
	paramKey = keyCodec[ParamKey]{
		enc: func(dst []byte, k ParamKey) []byte {
			return append(binary.BigEndian.AppendUint16(dst, uint16(k.Net)), k.Param)
		},
		dec: func(b []byte) (ParamKey, error) {
			if len(b) != 3 {
				return ParamKey{}, errKeyLen
			}
			return ParamKey{NetUID(binary.BigEndian.Uint16(b)), b[2]}, nil
		},
	}
)

// NetPrefix is the encoded key prefix selecting one subnet's entries in
// tables keyed by NeuronKey, NetHotkey or ParamKey.
func NetPrefix(n NetUID) []byte { return binary.BigEndian.AppendUint16(nil, uint16(n)) }

// HotkeyPrefix selects one hotkey's entries in tables keyed by HotkeyNet or ShareKey.
func HotkeyPrefix(h AccountID) []byte { return append([]byte(nil), h[:]...) }
