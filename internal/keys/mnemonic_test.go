package keys

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestGenerateMnemonic(t *testing.T) {
	t.Parallel()
	for _, n := range MnemonicWordCounts {
		m, err := GenerateMnemonic(n)
		if err != nil {
			t.Fatalf("%d words: %v", n, err)
		}
		if got := len(strings.Fields(m)); got != n {
			t.Errorf("%d words: got %d", n, got)
		}
		if err := ValidateMnemonic(m); err != nil {
			t.Errorf("%d words: generated mnemonic invalid: %v", n, err)
		}
		other, _ := GenerateMnemonic(n)
		if other == m {
			t.Errorf("%d words: two generated mnemonics are equal", n)
		}
	}
	for _, n := range []int{0, 11, 13, 25, -1} {
		if _, err := GenerateMnemonic(n); !errors.Is(err, ErrBadMnemonicLength) {
			t.Errorf("%d words: err = %v, want ErrBadMnemonicLength", n, err)
		}
	}
}

func TestEntropyMnemonicRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, entropy, mnemonic string
	}{
		// BIP-39 reference vectors (trezor/python-mnemonic vectors.json).
		{"zero 128", "00000000000000000000000000000000", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"},
		{"7f 128", "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f", "legal winner thank year wave sausage worth useful legal winner thank yellow"},
		{"ff 256", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote"},
		{"spec", "9a100b9cdc7d09470823979aeae492dc", specMnemonic},
		{"dev", "1a486a5fbe53639984cb64b070755f7b", DevPhrase},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := EntropyToMnemonic(mustHex(t, tc.entropy))
			if err != nil || m != tc.mnemonic {
				t.Errorf("EntropyToMnemonic = %q, %v", m, err)
			}
			ent, err := MnemonicToEntropy(tc.mnemonic)
			if err != nil || string(ent) != string(mustHex(t, tc.entropy)) {
				t.Errorf("MnemonicToEntropy = %x, %v", ent, err)
			}
		})
	}
	for _, n := range []int{16, 20, 24, 28, 32} {
		m, err := EntropyToMnemonic(make([]byte, n))
		if err != nil || len(strings.Fields(m)) != n*3/4 {
			t.Errorf("%d bytes: %q, %v", n, m, err)
		}
	}
	if _, err := EntropyToMnemonic(make([]byte, 17)); !errors.Is(err, ErrBadMnemonicLength) {
		t.Errorf("17 bytes: %v", err)
	}
}

func TestValidateMnemonicErrors(t *testing.T) {
	t.Parallel()
	words := strings.Fields(specMnemonic)
	swapped := append([]string(nil), words...)
	swapped[0], swapped[1] = swapped[1], swapped[0]
	tests := []struct {
		name, phrase string
		want         error
	}{
		{"valid", specMnemonic, nil},
		{"extra white space", "  " + strings.Join(words, "  \t") + "\n", nil},
		{"empty", "", ErrBadMnemonicLength},
		{"11 words", strings.Join(words[:11], " "), ErrBadMnemonicLength},
		{"13 words", specMnemonic + " abandon", ErrBadMnemonicLength},
		{"unknown word", strings.Replace(specMnemonic, "leopard", "leopardx", 1), ErrUnknownWord},
		{"upper case", strings.ToUpper(specMnemonic), ErrUnknownWord},
		{"bad checksum", strings.Join(swapped, " "), ErrBadMnemonicChecksum},
		{"last word changed", strings.Replace(specMnemonic, "review", "abandon", 1), ErrBadMnemonicChecksum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateMnemonic(tc.phrase)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "leopard") {
				t.Errorf("error quotes a mnemonic word: %v", err)
			}
		})
	}
}

func TestNormalizeMnemonic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"plain", "  old  leopard\ttransfer ", "old leopard transfer", nil},
		{"numbered in order", "1-old 2-leopard 3-transfer", "old leopard transfer", nil},
		{"numbered shuffled", "3-transfer 1-old 2-leopard", "old leopard transfer", nil},
		{"repeated position", "1-old 1-leopard 3-transfer", "", ErrBadNumbering},
		{"missing number", "1-old leopard-x 3-transfer", "", ErrBadNumbering},
		{"out of range", "1-old 2-leopard 4-transfer", "", ErrBadNumbering},
		{"empty word", "1-old 2- 3-transfer", "", ErrBadNumbering},
		{"zero", "0-old 1-leopard 2-transfer", "", ErrBadNumbering},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := NormalizeMnemonic(tc.in)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) || got != tc.want {
				t.Errorf("NormalizeMnemonic = %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
		})
	}
	numbered := make([]string, 0, 12)
	for i, w := range strings.Fields(specMnemonic) {
		numbered = append(numbered, strconv.Itoa(i+1)+"-"+w)
	}
	got, err := NormalizeMnemonic(strings.Join(numbered, " "))
	if err != nil || got != specMnemonic || ValidateMnemonic(got) != nil {
		t.Errorf("numbered spec mnemonic = %q, %v", got, err)
	}
}
