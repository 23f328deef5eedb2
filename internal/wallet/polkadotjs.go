package wallet

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	"golang.org/x/crypto/nacl/secretbox"
	"golang.org/x/crypto/scrypt"

	"github.com/taokit/taokit/internal/keys"
)

// polkadot-js PKCS#8-like framing around the 64-byte secret and 32-byte public key.
var (
	pjsHeader  = []byte{48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32}
	pjsDivider = []byte{161, 35, 3, 33, 0}
)

// Limits on the scrypt parameters read from an export, so a hostile file cannot demand
// unbounded memory or time. polkadot-js writes N = 2^15 (older) or 2^17 (newer), r = 8, p = 1.
const (
	pjsMaxLogN = 20
	pjsMaxR    = 16
	pjsMaxP    = 16
)

type pjsExport struct {
	Encoded  string `json:"encoded"`
	Encoding struct {
		Content []string `json:"content"`
		Type    []string `json:"type"`
		Version string   `json:"version"`
	} `json:"encoding"`
	Address string `json:"address"`
}

// ImportPolkadotJSON decrypts a polkadot-js account export (encoding version 3: scrypt,
// xsalsa20-poly1305, pkcs8, sr25519) and returns its key pair. The scrypt parameters are
// read from the file, within fixed limits. Errors wrap ErrWrongPassword,
// ErrCorruptKeyfile or ErrUnsupportedFormat.
func ImportPolkadotJSON(data []byte, password string) (*keys.Keypair, error) {
	var ex pjsExport
	if err := json.Unmarshal(data, &ex); err != nil {
		return nil, fmt.Errorf("import polkadot-js json: %w: %w", ErrCorruptKeyfile, err)
	}
	if ex.Encoding.Version != "3" || !slices.Contains(ex.Encoding.Content, "pkcs8") ||
		!slices.Contains(ex.Encoding.Content, "sr25519") || !slices.Contains(ex.Encoding.Type, "scrypt") ||
		!slices.Contains(ex.Encoding.Type, "xsalsa20-poly1305") {
		return nil, fmt.Errorf("import polkadot-js json: %w: encoding %v %v version %q",
			ErrUnsupportedFormat, ex.Encoding.Content, ex.Encoding.Type, ex.Encoding.Version)
	}
	raw, err := base64.StdEncoding.DecodeString(ex.Encoded)
	if err != nil {
		return nil, fmt.Errorf("import polkadot-js json: %w: %w", ErrCorruptKeyfile, err)
	}
	// salt(32) ‖ N(4 LE) ‖ p(4 LE) ‖ r(4 LE) ‖ nonce(24) ‖ secretbox
	const paramsLen = 32 + 12 + 24
	if len(raw) < paramsLen+secretbox.Overhead {
		return nil, fmt.Errorf("import polkadot-js json: %w: %d encoded bytes", ErrCorruptKeyfile, len(raw))
	}
	salt := raw[:32]
	n := binary.LittleEndian.Uint32(raw[32:36])
	p := binary.LittleEndian.Uint32(raw[36:40])
	r := binary.LittleEndian.Uint32(raw[40:44])
	if n < 2 || n&(n-1) != 0 || n > 1<<pjsMaxLogN || r == 0 || r > pjsMaxR || p == 0 || p > pjsMaxP {
		return nil, fmt.Errorf("import polkadot-js json: %w: scrypt N=%d p=%d r=%d", ErrUnsupportedFormat, n, p, r)
	}
	key, err := scrypt.Key([]byte(password), salt, int(n), int(r), int(p), 32)
	if err != nil {
		return nil, fmt.Errorf("import polkadot-js json: %w", err)
	}
	defer clear(key)
	nonce := [24]byte(raw[44:68])
	plain, ok := secretbox.Open(nil, raw[68:], &nonce, (*[32]byte)(key))
	if !ok {
		return nil, fmt.Errorf("import polkadot-js json: %w", ErrWrongPassword)
	}
	defer clear(plain)
	if len(plain) != len(pjsHeader)+64+len(pjsDivider)+32 ||
		!bytes.Equal(plain[:16], pjsHeader) || !bytes.Equal(plain[80:85], pjsDivider) {
		return nil, fmt.Errorf("import polkadot-js json: %w: unexpected key framing", ErrCorruptKeyfile)
	}
	kp, err := keys.FromEd25519SecretKey([64]byte(plain[16:80]))
	if err != nil {
		return nil, fmt.Errorf("import polkadot-js json: %w: %w", ErrCorruptKeyfile, err)
	}
	if pub := kp.Public(); !bytes.Equal(pub[:], plain[85:117]) {
		return nil, fmt.Errorf("import polkadot-js json: %w: public key does not match secret", ErrCorruptKeyfile)
	}
	if ex.Address != "" {
		addr, err := keys.ParseAccountIDAny(ex.Address)
		if err != nil || addr != kp.AccountID() {
			return nil, fmt.Errorf("import polkadot-js json: %w: address does not match key", ErrCorruptKeyfile)
		}
	}
	return kp, nil
}
