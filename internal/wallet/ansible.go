package wallet

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

const ansiblePrefix = "$ANSIBLE_VAULT"

// openAnsibleVault decrypts an Ansible Vault 1.1 (AES256) document:
//
//	$ANSIBLE_VAULT;1.1;AES256\n
//	hex( hex(salt) \n hex(hmac) \n hex(ciphertext) ) wrapped at 80 columns
//
// PBKDF2-HMAC-SHA256(password, salt, 10000) gives 80 bytes: AES-256 key, HMAC-SHA256
// key, CTR IV. The HMAC covers the ciphertext; the plaintext carries PKCS#7 padding.
func openAnsibleVault(data []byte, password string) ([]byte, error) {
	header, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return nil, fmt.Errorf("decrypt ansible vault: %w: no header line", ErrCorruptKeyfile)
	}
	fields := bytes.Split(bytes.TrimSpace(header), []byte(";"))
	if len(fields) < 3 || string(fields[0]) != ansiblePrefix {
		return nil, fmt.Errorf("decrypt ansible vault: %w: bad header", ErrCorruptKeyfile)
	}
	if v := string(fields[1]); v != "1.1" && v != "1.2" {
		return nil, fmt.Errorf("decrypt ansible vault: %w: version %q", ErrUnsupportedFormat, v)
	}
	if string(fields[2]) != "AES256" {
		return nil, fmt.Errorf("decrypt ansible vault: %w: cipher %q", ErrUnsupportedFormat, fields[2])
	}
	outer := bytes.Join(bytes.Fields(rest), nil)
	inner := make([]byte, hex.DecodedLen(len(outer)))
	if _, err := hex.Decode(inner, outer); err != nil {
		return nil, fmt.Errorf("decrypt ansible vault: %w: %w", ErrCorruptKeyfile, err)
	}
	parts := bytes.Split(inner, []byte("\n"))
	if len(parts) != 3 {
		return nil, fmt.Errorf("decrypt ansible vault: %w: %d payload parts, want 3", ErrCorruptKeyfile, len(parts))
	}
	var dec [3][]byte
	for i, p := range parts {
		b := make([]byte, hex.DecodedLen(len(p)))
		if _, err := hex.Decode(b, p); err != nil {
			return nil, fmt.Errorf("decrypt ansible vault: %w: %w", ErrCorruptKeyfile, err)
		}
		dec[i] = b
	}
	salt, mac, ct := dec[0], dec[1], dec[2]
	if len(salt) == 0 || len(mac) != sha256.Size || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("decrypt ansible vault: %w: bad payload sizes", ErrCorruptKeyfile)
	}
	aesKey, macKey, iv, err := ansibleKeys(password, salt)
	if err != nil {
		return nil, fmt.Errorf("decrypt ansible vault: %w", err)
	}
	h := hmac.New(sha256.New, macKey)
	h.Write(ct)
	if !hmac.Equal(h.Sum(nil), mac) {
		return nil, fmt.Errorf("decrypt ansible vault: %w", ErrWrongPassword)
	}
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, fmt.Errorf("decrypt ansible vault: %w", err)
	}
	plain := make([]byte, len(ct))
	cipher.NewCTR(block, iv).XORKeyStream(plain, ct)
	pad := int(plain[len(plain)-1])
	if pad == 0 || pad > aes.BlockSize || pad > len(plain) {
		return nil, fmt.Errorf("decrypt ansible vault: %w: bad padding", ErrCorruptKeyfile)
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, fmt.Errorf("decrypt ansible vault: %w: bad padding", ErrCorruptKeyfile)
		}
	}
	return plain[:len(plain)-pad], nil
}

// ansibleKeys derives the AES key, HMAC key and IV from password and salt.
func ansibleKeys(password string, salt []byte) (aesKey, macKey, iv []byte, err error) {
	if password == "" {
		return nil, nil, nil, ErrNoPassword
	}
	k, err := pbkdf2.Key(sha256.New, password, salt, 10000, 80)
	if err != nil {
		return nil, nil, nil, err
	}
	return k[:32], k[32:64], k[64:80], nil
}
