package keys

import (
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"strings"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"
)

// SigningContext is the sr25519 signing context Substrate (and polkadot-js) use.
const SigningContext = "substrate"

// SignatureSize is the length in bytes of an sr25519 signature.
const SignatureSize = 64

// Keypair is an sr25519 key pair; build it with one of the From… constructors (the zero
// value cannot sign). The secret half is the schnorrkel secret scalar plus
// its 32-byte signing nonce; the phrase and seed it came from are kept when known so that
// wallet files can record them.
type Keypair struct {
	sk     *schnorrkel.SecretKey
	secret [32]byte // plain secret scalar (schnorrkel encoding, not multiplied by the cofactor)
	nonce  [32]byte
	pub    [32]byte
	seed   [32]byte // mini secret; valid only when hasSeed
	// hasSeed is true when the key is the Ed25519-mode expansion of seed.
	hasSeed bool
	phrase  string
}

// FromSeed expands a 32-byte mini secret (the keyfile secretSeed) in Ed25519 mode.
func FromSeed(seed [32]byte) *Keypair {
	msk, _ := schnorrkel.NewMiniSecretKeyFromRaw(seed) // never fails
	sk := msk.ExpandEd25519()
	kp, err := newKeypair(sk.Encode(), nonceOf(seed))
	if err != nil {
		// An Ed25519-mode expansion is always a canonical scalar below 2^252.
		panic(fmt.Sprintf("keys: expanded mini secret is not a valid scalar: %v", err))
	}
	kp.seed, kp.hasSeed = seed, true
	return kp
}

// FromSeedHex parses a 0x-prefixed (or bare) 64-digit hex mini secret and expands it.
func FromSeedHex(s string) (*Keypair, error) {
	seed, err := parseSeedHex(s)
	if err != nil {
		return nil, fmt.Errorf("keypair from seed: %w", err)
	}
	return FromSeed(seed), nil
}

// FromMnemonic derives the key substrate derives from a BIP-39 phrase and optional password.
func FromMnemonic(phrase, password string) (*Keypair, error) {
	seed, err := MiniSecretFromMnemonic(phrase, password)
	if err != nil {
		return nil, fmt.Errorf("keypair from mnemonic: %w", err)
	}
	kp := FromSeed(seed)
	if password == "" {
		// Keyfiles store the phrase alone, so record it only when it is the whole secret.
		kp.phrase = normalisePhrase(phrase)
	}
	return kp, nil
}

// FromSecretKey builds a key pair from the 64-byte schnorrkel secret (32-byte scalar ‖
// 32-byte nonce), the form of the btwallet keyfile privateKey field.
func FromSecretKey(b [64]byte) (*Keypair, error) {
	var key, nonce [32]byte
	copy(key[:], b[:32])
	copy(nonce[:], b[32:])
	kp, err := newKeypair(key, nonce)
	if err != nil {
		return nil, fmt.Errorf("keypair from secret key: %w", err)
	}
	return kp, nil
}

// FromEd25519SecretKey builds a key pair from the 64-byte "ed25519" secret encoding
// (scalar multiplied by the cofactor 8 ‖ nonce) that polkadot-js stores.
func FromEd25519SecretKey(b [64]byte) (*Keypair, error) {
	sk := schnorrkel.NewSecretKeyFromEd25519Bytes(b)
	var nonce [32]byte
	copy(nonce[:], b[32:])
	kp, err := newKeypair(sk.Encode(), nonce)
	if err != nil {
		return nil, fmt.Errorf("keypair from ed25519 secret key: %w", err)
	}
	return kp, nil
}

// FromSecretKeyHex parses a 0x-prefixed 64-byte hex secret in the schnorrkel form.
func FromSecretKeyHex(s string) (*Keypair, error) {
	b, err := decodeHexN(s, 64)
	if err != nil {
		return nil, fmt.Errorf("keypair from secret key: %w: %w", ErrInvalidSecretKey, err)
	}
	return FromSecretKey([64]byte(b))
}

func newKeypair(secret, nonce [32]byte) (*Keypair, error) {
	sk := schnorrkel.NewSecretKey(secret, nonce)
	pub, err := sk.Public()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidSecretKey, err)
	}
	return &Keypair{sk: sk, secret: secret, nonce: nonce, pub: pub.Encode()}, nil
}

// nonceOf returns the nonce half of the Ed25519-mode expansion of a mini secret: the upper
// half of SHA-512(seed). go-schnorrkel does not expose it, so it is recomputed here.
func nonceOf(seed [32]byte) [32]byte {
	h := sha512.Sum512(seed[:])
	return [32]byte(h[32:])
}

// normalisePhrase collapses white space between mnemonic words to single spaces.
func normalisePhrase(p string) string {
	return strings.Join(strings.Fields(p), " ")
}

// Public returns the 32-byte public key.
func (k *Keypair) Public() [32]byte { return k.pub }

// AccountID returns the public key as an AccountID.
func (k *Keypair) AccountID() AccountID { return AccountID(k.pub) }

// SS58 returns the SS58 address with prefix 42.
func (k *Keypair) SS58() string { return AccountID(k.pub).String() }

// SecretKey returns the 64-byte schnorrkel secret (scalar ‖ nonce), the keyfile privateKey form.
func (k *Keypair) SecretKey() [64]byte {
	var out [64]byte
	copy(out[:32], k.secret[:])
	copy(out[32:], k.nonce[:])
	return out
}

// Seed returns the 32-byte mini secret this key expands from, if known. It is known for
// keys made from a seed or phrase followed only by hard junctions.
func (k *Keypair) Seed() ([32]byte, bool) { return k.seed, k.hasSeed }

// Phrase returns the mnemonic the key was made from, or "" if it was derived further,
// needed a BIP-39 password, or was made otherwise.
func (k *Keypair) Phrase() string { return k.phrase }

// Sign signs msg with the "substrate" signing context. Signatures are randomised.
func (k *Keypair) Sign(msg []byte) ([SignatureSize]byte, error) {
	if k == nil || k.sk == nil {
		return [SignatureSize]byte{}, fmt.Errorf("sign: %w: empty key pair", ErrInvalidSecretKey)
	}
	sig, err := k.sk.Sign(schnorrkel.NewSigningContext([]byte(SigningContext), msg))
	if err != nil {
		return [SignatureSize]byte{}, fmt.Errorf("sign: %w", err)
	}
	return sig.Encode(), nil
}

// VerifyWrapped is Verify that also accepts a signature over "<Bytes>" ‖ msg ‖ "</Bytes>",
// the polkadot-js signRaw convention that btwallet accepts too.
func VerifyWrapped(pub [32]byte, msg, sig []byte) bool {
	if Verify(pub, msg, sig) {
		return true
	}
	wrapped := make([]byte, 0, len(msg)+len("<Bytes></Bytes>"))
	wrapped = append(wrapped, "<Bytes>"...)
	wrapped = append(wrapped, msg...)
	wrapped = append(wrapped, "</Bytes>"...)
	return Verify(pub, wrapped, sig)
}

// ValidPublicKey reports whether b decodes to a valid ristretto255 point.
func ValidPublicKey(pub [32]byte) bool {
	_, err := schnorrkel.NewPublicKey(pub)
	return err == nil
}

// parseSeedHex parses a 32-byte seed as hex, with or without 0x.
func parseSeedHex(s string) ([32]byte, error) {
	b, err := decodeHexN(s, 32)
	if err != nil {
		return [32]byte{}, fmt.Errorf("%w: %w", ErrInvalidSeed, err)
	}
	return [32]byte(b), nil
}

// decodeHexN decodes hex (optional 0x prefix) that must hold exactly n bytes.
func decodeHexN(s string, n int) ([]byte, error) {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) != 2*n {
		return nil, fmt.Errorf("%w: %d hex digits, want %d", ErrBadLength, len(s), 2*n)
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("bad hex: %w", err)
	}
	return b, nil
}
