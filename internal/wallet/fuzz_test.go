package wallet

import (
	"errors"
	"testing"
)

func FuzzParseKeyfile(f *testing.F) {
	for _, s := range []string{
		`{"secretSeed":"` + specSeed + `"}`,
		`{"privateKey":"` + specPriv + `","ss58Address":"` + specSS58 + `"}`,
		`{"accountId":"` + specPubHex + `"}`,
		specPubHex, "", "{", `{"secretPhrase":5}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseKeyfile(data)
		if err != nil {
			if !errors.Is(err, ErrCorruptKeyfile) {
				t.Fatalf("error does not wrap ErrCorruptKeyfile: %v", err)
			}
			return
		}
		if k.Pair != nil && k.Pair.AccountID() != k.Account {
			t.Fatal("pair and account disagree")
		}
	})
}

// FuzzDecryptLegacy feeds arbitrary bytes to the Ansible Vault and Fernet readers (the
// $NACL reader is left out: each call would pay a full Argon2 derivation).
func FuzzDecryptLegacy(f *testing.F) {
	f.Add([]byte(netologyVault))
	f.Add([]byte("$ANSIBLE_VAULT;1.1;AES256\n3030"))
	f.Add([]byte("gAAAAABkAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
	key := make([]byte, 32)
	f.Fuzz(func(t *testing.T, data []byte) {
		switch DetectFormat(data) {
		case FormatAnsibleVault:
			_, err := openAnsibleVault(data, "netology")
			if err != nil && !errors.Is(err, ErrCorruptKeyfile) && !errors.Is(err, ErrWrongPassword) && !errors.Is(err, ErrUnsupportedFormat) {
				t.Fatalf("unexpected error class: %v", err)
			}
		case FormatFernet:
			_, err := openFernetToken(data, key)
			if err != nil && !errors.Is(err, ErrCorruptKeyfile) && !errors.Is(err, ErrWrongPassword) {
				t.Fatalf("unexpected error class: %v", err)
			}
		}
	})
}
