package wallet

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/keys"
)

// aliceExport is a polkadot-js export of //Alice with password "whoisalice", as used in
// paritytech/subxt's signer tests (N = 2^15, p = 1, r = 8).
const aliceExport = `{
  "encoded": "DumgApKCTqoCty1OZW/8WS+sgo6RdpHhCwAkA2IoDBMAgAAAAQAAAAgAAAB6IG/q24EeVf0JqWqcBd5m2tKq5BlyY84IQ8oamLn9DZe9Ouhgunr7i36J1XxUnTI801axqL/ym1gil0U8440Qvj0lFVKwGuxq38zuifgoj0B3Yru0CI6QKEvQPU5xxj4MpyxdSxP+2PnTzYao0HDH0fulaGvlAYXfqtU89xrx2/z9z7IjSwS3oDFPXRQ9kAdDebtyCVreZ9Otw9v3",
  "encoding": {"content": ["pkcs8", "sr25519"], "type": ["scrypt", "xsalsa20-poly1305"], "version": "3"},
  "address": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
  "meta": {"genesisHash": "", "name": "Alice", "whenCreated": 1718265838755}
}`

func TestImportPolkadotJSON(t *testing.T) {
	t.Parallel()
	kp, err := ImportPolkadotJSON([]byte(aliceExport), "whoisalice")
	if err != nil {
		t.Fatal(err)
	}
	if kp.SS58() != "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" {
		t.Errorf("address %s", kp.SS58())
	}
	sig, err := kp.Sign([]byte("imported"))
	if err != nil || !keys.Verify(kp.Public(), []byte("imported"), sig[:]) {
		t.Errorf("imported key does not sign: %v", err)
	}
	// The imported key writes as a btwallet keyfile and reads back the same.
	w := testWallet(t, "imported")
	if err := w.SetColdkey(kp, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	back, err := w.Coldkey(nil)
	if err != nil || back.Public() != kp.Public() {
		t.Errorf("round trip: %v", err)
	}
}

func TestImportPolkadotJSONErrors(t *testing.T) {
	t.Parallel()
	var ex map[string]any
	if err := json.Unmarshal([]byte(aliceExport), &ex); err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(ex["encoded"].(string))
	with := func(mut func(raw []byte)) string {
		b := append([]byte(nil), raw...)
		mut(b)
		return strings.Replace(aliceExport, ex["encoded"].(string), base64.StdEncoding.EncodeToString(b), 1)
	}
	tests := []struct {
		name, data, pw string
		want           error
	}{
		{"wrong password", aliceExport, "whoisbob", ErrWrongPassword},
		{"tampered box", with(func(b []byte) { b[len(b)-1] ^= 1 }), "whoisalice", ErrWrongPassword},
		{"huge N", with(func(b []byte) { binary.LittleEndian.PutUint32(b[32:], 1<<30) }), "whoisalice", ErrUnsupportedFormat},
		{"N not a power of two", with(func(b []byte) { binary.LittleEndian.PutUint32(b[32:], 3000) }), "whoisalice", ErrUnsupportedFormat},
		{"r zero", with(func(b []byte) { binary.LittleEndian.PutUint32(b[40:], 0) }), "whoisalice", ErrUnsupportedFormat},
		{"wrong address", strings.Replace(aliceExport, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", 1), "whoisalice", ErrCorruptKeyfile},
		{"ed25519 content", strings.Replace(aliceExport, `"sr25519"`, `"ed25519"`, 1), "whoisalice", ErrUnsupportedFormat},
		{"version 2", strings.Replace(aliceExport, `"version": "3"`, `"version": "2"`, 1), "whoisalice", ErrUnsupportedFormat},
		{"truncated", with(func(b []byte) {})[:120] + `"}}`, "whoisalice", ErrCorruptKeyfile},
		{"not json", "nope", "whoisalice", ErrCorruptKeyfile},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := ImportPolkadotJSON([]byte(tc.data), tc.pw); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}
