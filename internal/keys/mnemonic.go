package keys

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"strings"

	bip39 "github.com/cosmos/go-bip39"
)

// MnemonicWordCounts lists the mnemonic lengths accepted and generated.
var MnemonicWordCounts = []int{12, 15, 18, 21, 24}

// wordIndex maps each BIP-39 English word to its 11-bit value. It is built from a
// copy of the word list so later changes to the library's exported vars cannot affect it.
var wordList, wordIndex = func() ([2048]string, map[string]uint16) {
	var list [2048]string
	idx := make(map[string]uint16, 2048)
	for i, w := range bip39.EnglishWordList {
		if i < len(list) {
			list[i] = w
			idx[w] = uint16(i)
		}
	}
	return list, idx
}()

// GenerateMnemonic returns a new random BIP-39 English mnemonic of 12, 15, 18, 21 or 24 words.
func GenerateMnemonic(words int) (string, error) {
	if !validWordCount(words) {
		return "", fmt.Errorf("generate mnemonic: %w: %d words", ErrBadMnemonicLength, words)
	}
	entropy := make([]byte, words*4/3)
	if _, err := rand.Read(entropy); err != nil {
		return "", fmt.Errorf("generate mnemonic: %w", err)
	}
	return EntropyToMnemonic(entropy)
}

// EntropyToMnemonic encodes 16, 20, 24, 28 or 32 bytes of entropy as a BIP-39 mnemonic.
func EntropyToMnemonic(entropy []byte) (string, error) {
	n := len(entropy)
	if n < 16 || n > 32 || n%4 != 0 {
		return "", fmt.Errorf("entropy to mnemonic: %w: %d bytes of entropy", ErrBadMnemonicLength, n)
	}
	sum := sha256.Sum256(entropy)
	// Entropy followed by its checksum byte; only the first n/4 bits of it count.
	buf := append(append(make([]byte, 0, n+1), entropy...), sum[0])
	words := n * 8 * 33 / 32 / 11
	out := make([]string, words)
	for i := range words {
		out[i] = wordList[readBits11(buf, i*11)]
	}
	return strings.Join(out, " "), nil
}

// ValidateMnemonic checks word count, words and checksum. Errors wrap ErrBadMnemonicLength,
// ErrUnknownWord or ErrBadMnemonicChecksum; they never quote the words.
func ValidateMnemonic(phrase string) error {
	_, err := MnemonicToEntropy(phrase)
	return err
}

// MnemonicToEntropy validates a mnemonic (words separated by any white space) and returns
// the entropy it encodes.
func MnemonicToEntropy(phrase string) ([]byte, error) {
	words := strings.Fields(phrase)
	if !validWordCount(len(words)) {
		return nil, fmt.Errorf("mnemonic: %w: %d words, want 12, 15, 18, 21 or 24", ErrBadMnemonicLength, len(words))
	}
	totalBits := len(words) * 11
	csBits := totalBits / 33
	buf := make([]byte, (totalBits+7)/8)
	for i, w := range words {
		v, ok := wordIndex[w]
		if !ok {
			return nil, fmt.Errorf("mnemonic: %w at position %d", ErrUnknownWord, i+1)
		}
		writeBits11(buf, i*11, v)
	}
	entropy := buf[:(totalBits-csBits)/8]
	sum := sha256.Sum256(entropy)
	got := buf[len(entropy)] >> (8 - csBits)
	want := sum[0] >> (8 - csBits)
	if got != want {
		return nil, fmt.Errorf("mnemonic: %w", ErrBadMnemonicChecksum)
	}
	out := make([]byte, len(entropy))
	copy(out, entropy)
	clear(buf)
	return out, nil
}

// MiniSecretFromMnemonic derives the 32-byte substrate mini secret from a mnemonic the way
// substrate-bip39 does: PBKDF2-HMAC-SHA512 over the entropy (not the phrase) with salt
// "mnemonic"+password, 2048 rounds, first 32 bytes. The password is used as given
// (substrate applies NFKD normalisation, which only matters for non-ASCII passwords).
func MiniSecretFromMnemonic(phrase, password string) ([32]byte, error) {
	var seed [32]byte
	entropy, err := MnemonicToEntropy(phrase)
	if err != nil {
		return seed, err
	}
	defer clear(entropy)
	key, err := pbkdf2.Key(sha512.New, string(entropy), []byte("mnemonic"+password), 2048, 64)
	if err != nil {
		return seed, fmt.Errorf("mnemonic seed: %w", err)
	}
	copy(seed[:], key[:32])
	clear(key)
	return seed, nil
}

func validWordCount(n int) bool {
	for _, c := range MnemonicWordCounts {
		if n == c {
			return true
		}
	}
	return false
}

// readBits11 reads 11 bits, most significant first, starting at bit offset off.
func readBits11(buf []byte, off int) uint16 {
	var v uint16
	for i := range 11 {
		bit := off + i
		v = v<<1 | uint16(buf[bit/8]>>(7-bit%8)&1)
	}
	return v
}

// writeBits11 writes the low 11 bits of v, most significant first, at bit offset off.
func writeBits11(buf []byte, off int, v uint16) {
	for i := range 11 {
		if v>>(10-i)&1 == 1 {
			bit := off + i
			buf[bit/8] |= 1 << (7 - bit%8)
		}
	}
}
