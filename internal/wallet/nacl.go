package wallet

import (
	"crypto/rand"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/nacl/secretbox"
)

const naclPrefix = "$NACL"

// naclSalt is btwallet's fixed NACL_SALT, the same for every keyfile.
var naclSalt = []byte{0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1}

// kdfParams are Argon2i v1.3 parameters.
type kdfParams struct {
	time    uint32 // passes (libsodium opslimit)
	memKiB  uint32 // memory in KiB (libsodium memlimit / 1024)
	threads uint8  // lanes; libsodium always uses 1
}

// defaultKDF is libsodium's argon2i OPSLIMIT_SENSITIVE / MEMLIMIT_SENSITIVE, which btwallet uses.
var defaultKDF = kdfParams{time: 8, memKiB: 512 * 1024, threads: 1}

func (p kdfParams) key(password string) *[32]byte {
	k := argon2.Key([]byte(password), naclSalt, p.time, p.memKiB, p.threads, 32)
	var key [32]byte
	copy(key[:], k)
	clear(k)
	return &key
}

// sealNaCl returns "$NACL" ‖ 24-byte nonce ‖ secretbox(plain).
func sealNaCl(plain []byte, password string, kdf kdfParams) ([]byte, error) {
	if password == "" {
		return nil, fmt.Errorf("encrypt keyfile: %w", ErrNoPassword)
	}
	var nonce [24]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("encrypt keyfile: %w", err)
	}
	key := kdf.key(password)
	defer clear(key[:])
	out := make([]byte, 0, len(naclPrefix)+len(nonce)+secretbox.Overhead+len(plain))
	out = append(out, naclPrefix...)
	out = append(out, nonce[:]...)
	return secretbox.Seal(out, plain, &nonce, key), nil
}

// openNaCl opens content written by sealNaCl (or btwallet).
func openNaCl(data []byte, password string, kdf kdfParams) ([]byte, error) {
	body := data[len(naclPrefix):]
	if len(body) < 24+secretbox.Overhead {
		return nil, fmt.Errorf("decrypt nacl keyfile: %w: %d bytes is too short", ErrCorruptKeyfile, len(data))
	}
	nonce := [24]byte(body[:24])
	key := kdf.key(password)
	defer clear(key[:])
	plain, ok := secretbox.Open(nil, body[24:], &nonce, key)
	if !ok {
		return nil, fmt.Errorf("decrypt nacl keyfile: %w", ErrWrongPassword)
	}
	return plain, nil
}
