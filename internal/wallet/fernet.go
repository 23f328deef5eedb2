package wallet

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

const fernetPrefix = "gAAAAA"

// fernetSalt is the fixed salt of the oldest Python SDK keyfiles.
const fernetSalt = "Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins"

// fernetIterations is the PBKDF2-HMAC-SHA256 round count of the oldest Python SDK.
const fernetIterations = 10_000_000

// openFernet decrypts a legacy Python SDK keyfile: a Fernet token whose key is
// PBKDF2-HMAC-SHA256(password, fernetSalt, 10,000,000 rounds, 32 bytes): signing key
// first 16 bytes, AES-128 key last 16. Token: 0x80 ‖ time(8) ‖ IV(16) ‖ AES-CBC
// ciphertext ‖ HMAC-SHA256(signing key, all before). btwallet cannot read these.
func openFernet(data []byte, password string) ([]byte, error) {
	return openFernetIter(data, password, fernetIterations)
}

// openFernetIter is openFernet with a chosen PBKDF2 round count.
func openFernetIter(data []byte, password string, iterations int) ([]byte, error) {
	if password == "" {
		return nil, fmt.Errorf("decrypt fernet keyfile: %w", ErrNoPassword)
	}
	key, err := pbkdf2.Key(sha256.New, password, []byte(fernetSalt), iterations, 32)
	if err != nil {
		return nil, fmt.Errorf("decrypt fernet keyfile: %w", err)
	}
	return openFernetToken(data, key)
}

// openFernetToken verifies and decrypts a Fernet token with a raw 32-byte key.
func openFernetToken(data []byte, key []byte) ([]byte, error) {
	tok, err := base64.URLEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("decrypt fernet keyfile: %w: %w", ErrCorruptKeyfile, err)
	}
	const head = 1 + 8 + aes.BlockSize
	if len(tok) < head+aes.BlockSize+sha256.Size || tok[0] != 0x80 || (len(tok)-head-sha256.Size)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("decrypt fernet keyfile: %w: bad token layout", ErrCorruptKeyfile)
	}
	signed, mac := tok[:len(tok)-sha256.Size], tok[len(tok)-sha256.Size:]
	h := hmac.New(sha256.New, key[:16])
	h.Write(signed)
	if !hmac.Equal(h.Sum(nil), mac) {
		return nil, fmt.Errorf("decrypt fernet keyfile: %w", ErrWrongPassword)
	}
	block, err := aes.NewCipher(key[16:32])
	if err != nil {
		return nil, fmt.Errorf("decrypt fernet keyfile: %w", err)
	}
	ct := signed[head:]
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, signed[9:head]).CryptBlocks(plain, ct)
	pad := int(plain[len(plain)-1])
	if pad == 0 || pad > aes.BlockSize {
		return nil, fmt.Errorf("decrypt fernet keyfile: %w: bad padding", ErrCorruptKeyfile)
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, fmt.Errorf("decrypt fernet keyfile: %w: bad padding", ErrCorruptKeyfile)
		}
	}
	return plain[:len(plain)-pad], nil
}
