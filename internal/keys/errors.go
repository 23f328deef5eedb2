package keys

import "errors"

// ErrBadChecksum means an SS58 address carries a checksum that does not match its payload.
var ErrBadChecksum = errors.New("bad ss58 checksum")

// ErrBadLength means an SS58 address or a key has the wrong number of bytes.
var ErrBadLength = errors.New("bad length")

// ErrBadChar means a string holds a character outside the base58 alphabet.
var ErrBadChar = errors.New("bad base58 character")

// ErrWrongPrefix means an SS58 address uses a network prefix other than the one required.
var ErrWrongPrefix = errors.New("wrong ss58 prefix")

// ErrBadPrefix means an SS58 prefix is out of range or reserved.
var ErrBadPrefix = errors.New("bad ss58 prefix")

// ErrInvalidSURI means a secret URI does not have the form phrase[//hard][/soft][///password].
var ErrInvalidSURI = errors.New("invalid secret uri")

// ErrInvalidSeed means a hex seed is not 0x followed by 32 bytes of hex.
var ErrInvalidSeed = errors.New("invalid seed")

// ErrUnknownWord means a mnemonic contains a word that is not in the BIP-39 English word list.
var ErrUnknownWord = errors.New("unknown mnemonic word")

// ErrBadMnemonicChecksum means a mnemonic's checksum bits do not match its entropy.
var ErrBadMnemonicChecksum = errors.New("bad mnemonic checksum")

// ErrBadMnemonicLength means a mnemonic does not have 12, 15, 18, 21 or 24 words.
var ErrBadMnemonicLength = errors.New("bad mnemonic length")

// ErrInvalidPublicKey means 32 bytes do not encode a valid sr25519 (ristretto255) public key.
var ErrInvalidPublicKey = errors.New("invalid public key")

// ErrInvalidSecretKey means 64 bytes do not encode a valid sr25519 secret key.
var ErrInvalidSecretKey = errors.New("invalid secret key")

// ErrBadNumbering means a numbered mnemonic ("1-word 2-word …") has a malformed,
// repeated or missing position number.
var ErrBadNumbering = errors.New("bad mnemonic numbering")
