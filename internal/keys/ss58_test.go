package keys

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
)

func specPub(t testing.TB) [32]byte {
	return [32]byte(mustHex(t, "e4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446"))
}

func TestSS58EncodeVectors(t *testing.T) {
	t.Parallel()
	alice := [32]byte(mustHex(t, "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"))
	tests := []struct {
		name   string
		pub    [32]byte
		prefix uint16
		want   string
	}{
		{"prefix 42", specPub(t), 42, "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"},
		{"prefix 0 polkadot", specPub(t), 0, "16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2"},
		{"alice prefix 42", alice, 42, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := SS58Encode(tc.pub, tc.prefix)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("SS58Encode = %s, want %s", got, tc.want)
			}
			pub, prefix, err := SS58Decode(got)
			if err != nil || pub != tc.pub || prefix != tc.prefix {
				t.Errorf("SS58Decode = %x, %d, %v", pub, prefix, err)
			}
		})
	}
}

func TestSS58PrefixRoundTrip(t *testing.T) {
	t.Parallel()
	pub := specPub(t)
	for _, prefix := range []uint16{0, 1, 2, 42, 63, 64, 65, 255, 256, 1000, 4095, 16383} {
		addr, err := SS58Encode(pub, prefix)
		if err != nil {
			t.Fatalf("prefix %d: %v", prefix, err)
		}
		got, gotPrefix, err := SS58Decode(addr)
		if err != nil || got != pub || gotPrefix != prefix {
			t.Errorf("prefix %d: decode = %x, %d, %v", prefix, got, gotPrefix, err)
		}
		raw, _ := base58Decode(addr)
		if wantLen := 35; prefix >= 64 {
			wantLen = 36
			if len(raw) != wantLen {
				t.Errorf("prefix %d: %d raw bytes, want %d", prefix, len(raw), wantLen)
			}
		} else if len(raw) != wantLen {
			t.Errorf("prefix %d: %d raw bytes, want %d", prefix, len(raw), wantLen)
		}
	}
	if _, err := SS58Encode(pub, 16384); !errors.Is(err, ErrBadPrefix) {
		t.Errorf("prefix 16384: err = %v, want ErrBadPrefix", err)
	}
}

func TestSS58DecodeErrors(t *testing.T) {
	t.Parallel()
	good := "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
	// Change one base58 digit in the middle: payload changes, checksum no longer matches.
	flipped := []byte(good)
	flipped[20] = 'a'
	if flipped[20] == good[20] {
		flipped[20] = 'b'
	}
	pub := specPub(t)
	// A payload of the right length whose first byte is >= 128 (reserved prefix range).
	badPrefix := base58Encode(append([]byte{0x80}, make([]byte, 34)...))
	// A two-byte prefix that decodes to a value below 64 is not canonical.
	nonCanonical := base58Encode(append([]byte{0x40, 0x00}, make([]byte, 34)...))
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrBadLength},
		{"bad char 0", strings.Replace(good, "G", "0", 1), ErrBadChar},
		{"bad char l", strings.Replace(good, "G", "l", 1), ErrBadChar},
		{"bad char non-ascii", good[:10] + "é" + good[12:], ErrBadChar},
		{"bad checksum", string(flipped), ErrBadChecksum},
		{"too short", good[:40], ErrBadLength},
		{"too long", good + "1", ErrBadLength},
		{"way too long", strings.Repeat("z", 100), ErrBadLength},
		{"only ones", "1111", ErrBadLength},
		{"reserved prefix byte", badPrefix, ErrBadPrefix},
		{"non-canonical two-byte prefix", nonCanonical, ErrBadPrefix},
		{"truncated checksum", base58Encode(append([]byte{42}, pub[:]...)), ErrBadLength},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := SS58Decode(tc.in)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestSS58BtwalletVectors uses the addresses from opentensor/btwallet tests/test_utils.py.
func TestSS58BtwalletVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr  string
		valid bool
		pub   string
	}{
		{"5FvUhL6sQ5egLAvnyiY1n7gTuhmYg9sD3oJbvASWkpNULt3n", true, strings.Repeat("aa", 32)},
		{"5HQV5mjTgcM9aEBi4xbnbiJdz8aez92tWyRc1U53rLYuYEMk", true, ""},
		{"5F3sa2TJAWMqDhXG6jhV4N8ko9rLbc4B52kmxXJoN5D3ue8w", false, ""},
		{"InvalidAddress", false, ""},
	}
	for _, tc := range tests {
		pub, err := SS58DecodePrefix(tc.addr, DefaultSS58Prefix)
		if (err == nil) != tc.valid {
			t.Errorf("%s: err = %v, want valid=%v", tc.addr, err, tc.valid)
		}
		if tc.pub != "" && hex.EncodeToString(pub[:]) != tc.pub {
			t.Errorf("%s: pub = %x", tc.addr, pub)
		}
	}
}

func TestSS58DecodePrefix(t *testing.T) {
	t.Parallel()
	if _, err := SS58DecodePrefix("16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2", 42); !errors.Is(err, ErrWrongPrefix) {
		t.Errorf("polkadot address as prefix 42: err = %v, want ErrWrongPrefix", err)
	}
	got, err := SS58DecodePrefix("16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2", 0)
	if err != nil || got != specPub(t) {
		t.Errorf("prefix 0: %x, %v", got, err)
	}
}

func TestBase58(t *testing.T) {
	t.Parallel()
	tests := []struct {
		hex, b58 string
	}{
		{"", ""},
		{"00", "1"},
		{"0000", "11"},
		{"61", "2g"},
		{"626262", "a3gV"},
		{"636363", "aPEr"},
		{"00000000000000000000", "1111111111"},
		{"516b6fcd0f", "ABnLTmg"},
		{"572e4794", "3EFU7m"},
		{"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
		{"10c8511e", "Rt5zm"},
	}
	for _, tc := range tests {
		b := mustHex(t, tc.hex)
		if got := base58Encode(b); got != tc.b58 {
			t.Errorf("encode %s = %q, want %q", tc.hex, got, tc.b58)
		}
		got, err := base58Decode(tc.b58)
		if err != nil || string(got) != string(b) {
			t.Errorf("decode %q = %x, %v", tc.b58, got, err)
		}
	}
}

func TestAccountIDText(t *testing.T) {
	t.Parallel()
	alice, _ := DevKeyByName("Alice")
	id := alice.AccountID()
	if id.String() != "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" {
		t.Errorf("String = %s", id)
	}
	if id.Hex() != "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d" {
		t.Errorf("Hex = %s", id.Hex())
	}
	type rec struct {
		Hotkey AccountID  `json:"hotkey"`
		Cold   *AccountID `json:"cold,omitempty"`
	}
	b, err := json.Marshal(rec{Hotkey: id})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"hotkey":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"}` {
		t.Errorf("json = %s", b)
	}
	var back rec
	if err := json.Unmarshal(b, &back); err != nil || back.Hotkey != id {
		t.Errorf("unmarshal = %v, %v", back, err)
	}
	for _, bad := range []string{
		`{"hotkey":"16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2"}`, // prefix 0
		`{"hotkey":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ"}`, // checksum
		`{"hotkey":"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"}`,
	} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("unmarshal %s: no error", bad)
		}
	}
	if b := id.Bytes(); len(b) != 32 || AccountID(b) != id {
		t.Error("Bytes round trip")
	}
	if id.IsZero() || !(AccountID{}).IsZero() {
		t.Error("IsZero")
	}
	if s, err := id.SS58(0); err != nil || !strings.HasPrefix(s, "1") {
		t.Errorf("SS58(0) = %s, %v", s, err)
	}
}

func TestParseAccountIDAny(t *testing.T) {
	t.Parallel()
	want := specPub(t)
	for _, in := range []string{
		"5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX",
		"16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2",
		"0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446",
		"e4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446\n",
	} {
		got, err := ParseAccountIDAny(in)
		if err != nil || got != want {
			t.Errorf("ParseAccountIDAny(%q) = %x, %v", in, got, err)
		}
	}
	if _, err := ParseAccountIDAny("0x1234"); err == nil {
		t.Error("short hex accepted")
	}
	if _, err := AccountIDFromBytes(make([]byte, 31)); !errors.Is(err, ErrBadLength) {
		t.Errorf("AccountIDFromBytes(31): %v", err)
	}
}

func FuzzSS58Decode(f *testing.F) {
	for _, s := range []string{
		"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
		"16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2",
		"", "1", "0", "zzzz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pub, prefix, err := SS58Decode(s)
		if err != nil {
			return
		}
		// Whatever decodes must re-encode to the same string.
		again, err := SS58Encode(pub, prefix)
		if err != nil {
			t.Fatalf("decoded prefix %d does not encode: %v", prefix, err)
		}
		if again != s {
			t.Fatalf("round trip: %q -> %q", s, again)
		}
	})
}

// TestCachedSS58: String agrees with SS58Encode for keys that share cache
// slots, on repeated and concurrent lookups.
func TestCachedSS58(t *testing.T) {
	var ids []AccountID
	for i := range 3000 {
		var a AccountID
		a[0], a[1] = byte(i%7), byte(i%3) // few slots: lots of sharing
		a[2], a[3] = byte(i), byte(i>>8)
		ids = append(ids, a)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 3 {
				for i := range ids {
					a := ids[(i*(g+1)+r)%len(ids)]
					want, _ := SS58Encode(a, DefaultSS58Prefix)
					if got := a.String(); got != want {
						t.Errorf("%x: String %q, want %q", a, got, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
