package wallet

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/taokit/taokit/internal/keys"
)

// KeyfileData is the JSON body of a btwallet keyfile. Absent fields are empty strings.
type KeyfileData struct {
	AccountID    string `json:"accountId,omitempty"`    // 0x + 32-byte public key
	PublicKey    string `json:"publicKey,omitempty"`    // same as AccountID
	PrivateKey   string `json:"privateKey,omitempty"`   // 0x + 64-byte schnorrkel secret (scalar ‖ nonce)
	SecretPhrase string `json:"secretPhrase,omitempty"` // mnemonic, if made from one
	SecretSeed   string `json:"secretSeed,omitempty"`   // 0x + 32-byte mini secret
	SS58Address  string `json:"ss58Address,omitempty"`  // SS58, prefix 42
}

// Key is what a keyfile yields: always the account, and the key pair when the file holds a
// secret.
type Key struct {
	Account keys.AccountID
	Pair    *keys.Keypair // nil for public-only keyfiles
}

// NewKeyfileData fills every field btwallet writes for kp: public parts, the 64-byte
// private key, and the phrase and seed when they are known.
func NewKeyfileData(kp *keys.Keypair) KeyfileData {
	d := PublicKeyfileData(kp.AccountID())
	sk := kp.SecretKey()
	d.PrivateKey = "0x" + hex.EncodeToString(sk[:])
	d.SecretPhrase = kp.Phrase()
	if seed, ok := kp.Seed(); ok {
		d.SecretSeed = "0x" + hex.EncodeToString(seed[:])
	}
	return d
}

// PublicKeyfileData holds only accountId, publicKey and ss58Address, as coldkeypub.txt does.
func PublicKeyfileData(acc keys.AccountID) KeyfileData {
	return KeyfileData{AccountID: acc.Hex(), PublicKey: acc.Hex(), SS58Address: acc.String()}
}

// Marshal returns the JSON encoding of d.
func (d KeyfileData) Marshal() ([]byte, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("marshal keyfile: %w", err)
	}
	return b, nil
}

// ParseKeyfile decodes unencrypted keyfile content. It accepts btwallet JSON (a key pair
// is rebuilt from secretPhrase, then secretSeed, then privateKey; otherwise the public
// fields are used) and, for public files, a bare hex or SS58 account as old SDK and
// agcli files hold. Any recorded public key must agree with the secret.
func ParseKeyfile(data []byte) (Key, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return Key{}, fmt.Errorf("parse keyfile: %w: empty", ErrCorruptKeyfile)
	}
	if trimmed[0] != '{' {
		acc, err := keys.ParseAccountIDAny(string(trimmed))
		if err != nil {
			return Key{}, fmt.Errorf("parse keyfile: %w: neither JSON nor a bare account: %w", ErrCorruptKeyfile, err)
		}
		return Key{Account: acc}, nil
	}
	var d KeyfileData
	if err := json.Unmarshal(trimmed, &d); err != nil {
		return Key{}, fmt.Errorf("parse keyfile: %w: %w", ErrCorruptKeyfile, err)
	}
	return d.Key()
}

// Key rebuilds the key the data describes and checks that its parts agree.
func (d KeyfileData) Key() (Key, error) {
	pair, err := d.pair()
	if err != nil {
		return Key{}, fmt.Errorf("parse keyfile: %w: %w", ErrCorruptKeyfile, err)
	}
	var recorded []keys.AccountID
	for _, s := range []string{d.AccountID, d.PublicKey, d.SS58Address} {
		if s == "" {
			continue
		}
		acc, err := keys.ParseAccountIDAny(s)
		if err != nil {
			return Key{}, fmt.Errorf("parse keyfile: %w: %w", ErrCorruptKeyfile, err)
		}
		recorded = append(recorded, acc)
	}
	var k Key
	switch {
	case pair != nil:
		k = Key{Account: pair.AccountID(), Pair: pair}
	case len(recorded) > 0:
		k = Key{Account: recorded[0]}
	default:
		return Key{}, fmt.Errorf("parse keyfile: %w: no key fields", ErrCorruptKeyfile)
	}
	for _, acc := range recorded {
		if acc != k.Account {
			return Key{}, fmt.Errorf("parse keyfile: %w: recorded public key %s does not match %s", ErrCorruptKeyfile, acc, k.Account)
		}
	}
	return k, nil
}

func (d KeyfileData) pair() (*keys.Keypair, error) {
	switch {
	case strings.TrimSpace(d.SecretPhrase) != "":
		return keys.FromMnemonic(d.SecretPhrase, "")
	case d.SecretSeed != "":
		return keys.FromSeedHex(d.SecretSeed)
	case d.PrivateKey != "":
		return keys.FromSecretKeyHex(d.PrivateKey)
	default:
		return nil, nil
	}
}
