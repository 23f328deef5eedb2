package wallet

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/keys"
)

const (
	specMnemonic = "old leopard transfer rib spatial phone calm indicate online fire caution review"
	specPubHex   = "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446"
	specPriv     = "0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e"
	specSeed     = "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143"
	specSS58     = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"
	bobSS58      = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
)

func TestNewKeyfileDataFields(t *testing.T) {
	t.Parallel()
	kp, err := keys.FromMnemonic(specMnemonic, "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewKeyfileData(kp).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"accountId":    specPubHex,
		"publicKey":    specPubHex,
		"privateKey":   specPriv,
		"secretPhrase": specMnemonic,
		"secretSeed":   specSeed,
		"ss58Address":  specSS58,
	}
	if len(m) != len(want) {
		t.Errorf("fields = %v", m)
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %q, want %q", k, m[k], v)
		}
	}
	pub, err := PublicKeyfileData(kp.AccountID()).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(pub) != `{"accountId":"`+specPubHex+`","publicKey":"`+specPubHex+`","ss58Address":"`+specSS58+`"}` {
		t.Errorf("public keyfile = %s", pub)
	}
}

func TestParseKeyfile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		data       string
		wantSS58   string
		wantSecret bool
		wantPhrase bool
	}{
		{"btwallet full, unordered", `{"ss58Address":"` + specSS58 + `","secretSeed":"` + specSeed + `","privateKey":"` + specPriv + `","accountId":"` + specPubHex + `","secretPhrase":"` + specMnemonic + `","publicKey":"` + specPubHex + `"}`, specSS58, true, true},
		{"seed only", `{"secretSeed":"` + specSeed + `"}`, specSS58, true, false},
		{"private key only", `{"privateKey":"` + specPriv + `"}`, specSS58, true, false},
		{"phrase only", `{"secretPhrase":"` + specMnemonic + `"}`, specSS58, true, true},
		{"null fields", `{"secretPhrase":null,"secretSeed":"` + specSeed + `","ss58Address":null}`, specSS58, true, false},
		{"public json", `{"accountId":"` + specPubHex + `","publicKey":"` + specPubHex + `","ss58Address":"` + specSS58 + `"}`, specSS58, false, false},
		{"ss58 only", `{"ss58Address":"` + bobSS58 + `"}`, bobSS58, false, false},
		{"raw hex coldkeypub", strings.TrimPrefix(specPubHex, "0x") + "\n", specSS58, false, false},
		{"0x hex coldkeypub", specPubHex, specSS58, false, false},
		{"extra fields ignored", `{"ss58Address":"` + specSS58 + `","cryptoType":"1"}`, specSS58, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			k, err := ParseKeyfile([]byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if k.Account.String() != tc.wantSS58 {
				t.Errorf("account = %s, want %s", k.Account, tc.wantSS58)
			}
			if (k.Pair != nil) != tc.wantSecret {
				t.Fatalf("pair present = %v", k.Pair != nil)
			}
			if k.Pair != nil && (k.Pair.Phrase() != "") != tc.wantPhrase {
				t.Errorf("phrase = %q", k.Pair.Phrase())
			}
		})
	}
}

func TestParseKeyfileErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
	}{
		{"empty", ""},
		{"not json", "hello"},
		{"broken json", `{"accountId":`},
		{"no fields", `{}`},
		{"bad seed", `{"secretSeed":"0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be414?"}`},
		{"bad phrase", `{"secretPhrase":"old leopard"}`},
		{"mismatched public key", `{"secretSeed":"` + specSeed + `","ss58Address":"` + bobSS58 + `"}`},
		{"mismatched account id", `{"privateKey":"` + specPriv + `","accountId":"0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"}`},
		{"bad ss58", `{"ss58Address":"5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsY"}`},
		{"wrong type", `{"accountId":5}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := ParseKeyfile([]byte(tc.data)); !errors.Is(err, ErrCorruptKeyfile) {
				t.Errorf("err = %v, want ErrCorruptKeyfile", err)
			}
		})
	}
}
