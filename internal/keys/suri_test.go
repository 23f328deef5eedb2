package keys

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/blake2b"
)

func TestParseSURI(t *testing.T) {
	t.Parallel()
	type j struct {
		text string
		hard bool
	}
	tests := []struct {
		name      string
		in        string
		phrase    string
		path      string
		junctions []j
		password  string
		hasPw     bool
	}{
		{"dev hard", "//Alice", DevPhrase, "//Alice", []j{{"Alice", true}}, "", false},
		{"dev soft", "/Alice", DevPhrase, "/Alice", []j{{"Alice", false}}, "", false},
		{"phrase only", specMnemonic, specMnemonic, "", nil, "", false},
		{"phrase trailing space", specMnemonic + " //x", specMnemonic, "//x", []j{{"x", true}}, "", false},
		{"mixed", "//Alice//stash/0/1//2", DevPhrase, "//Alice//stash/0/1//2", []j{{"Alice", true}, {"stash", true}, {"0", false}, {"1", false}, {"2", true}}, "", false},
		{"password", "//Alice///secret", DevPhrase, "//Alice", []j{{"Alice", true}}, "secret", true},
		{"password with slashes", "//a///p/q//r", DevPhrase, "//a", []j{{"a", true}}, "p/q//r", true},
		{"password only", specMnemonic + "///pw", specMnemonic, "", nil, "pw", true},
		{"empty password", "//a///", DevPhrase, "//a", []j{{"a", true}}, "", true},
		{"hex seed", "0x00ff//1", "0x00ff", "//1", []j{{"1", true}}, "", false},
		{"unicode junction", "//ñandú", DevPhrase, "//ñandú", []j{{"ñandú", true}}, "", false},
		{"dev password only", "///pw", DevPhrase, "", nil, "pw", true},
		{"four slashes is a password", "////a", DevPhrase, "", nil, "/a", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u, err := ParseSURI(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if u.Phrase != tc.phrase || u.Path != tc.path || u.Password != tc.password || u.HasPassword != tc.hasPw {
				t.Errorf("got phrase=%q path=%q pw=%q/%v", u.Phrase, u.Path, u.Password, u.HasPassword)
			}
			if len(u.Junctions) != len(tc.junctions) {
				t.Fatalf("got %d junctions, want %d", len(u.Junctions), len(tc.junctions))
			}
			for i, w := range tc.junctions {
				if u.Junctions[i] != NewJunction(w.text, w.hard) {
					t.Errorf("junction %d = %+v, want %q hard=%v", i, u.Junctions[i], w.text, w.hard)
				}
			}
		})
	}
}

func TestParseSURIErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrInvalidSURI},
		{"trailing slash", "//Alice/", ErrInvalidSURI},
		{"lone slashes", "//", ErrInvalidSURI},
		{"punctuation in phrase", "bottom-drive//a", ErrInvalidSURI},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := ParseSURI(tc.in); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	keyTests := []struct {
		name, in string
		want     error
	}{
		{"short hex seed", "0x1234//a", ErrInvalidSeed},
		{"bad hex seed", "0x" + strings.Repeat("zz", 32), ErrInvalidSeed},
		{"bad mnemonic", "abandon abandon//a", ErrBadMnemonicLength},
		{"unknown word", strings.Replace(DevPhrase, "bottom", "bottomx", 1), ErrUnknownWord},
	}
	for _, tc := range keyTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := FromSURI(tc.in); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestNewJunctionChainCode(t *testing.T) {
	t.Parallel()
	le := func(n uint64) [32]byte {
		var cc [32]byte
		binary.LittleEndian.PutUint64(cc[:], n)
		return cc
	}
	scale := func(s string) [32]byte {
		var cc [32]byte
		cc[0] = byte(len(s) << 2)
		copy(cc[1:], s)
		return cc
	}
	long := "PathNameLongerThan32BytesWhichShouldBeHashed"
	longEnc := append([]byte{byte(len(long) << 2)}, long...)
	// 31 bytes of text + 1 length byte = 32: fits exactly, no hashing.
	exact := strings.Repeat("a", 31)
	// A 64-byte string needs a two-byte compact length.
	s64 := strings.Repeat("b", 64)
	s64Enc := append([]byte{0x01, 0x01}, s64...)
	tests := []struct {
		name string
		text string
		want [32]byte
	}{
		{"zero", "0", le(0)},
		{"number", "42", le(42)},
		{"plus number", "+7", le(7)},
		{"max u64", "18446744073709551615", le(1<<64 - 1)},
		{"overflow is a string", "18446744073709551616", scale("18446744073709551616")},
		{"negative is a string", "-1", scale("-1")},
		{"word", "Alice", scale("Alice")},
		{"exactly 32 bytes", exact, scale(exact)},
		{"hashed", long, blake2b.Sum256(longEnc)},
		{"two-byte compact", s64, blake2b.Sum256(s64Enc)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := NewJunction(tc.text, true); got.ChainCode != tc.want || !got.Hard {
				t.Errorf("chain code = %x, want %x", got.ChainCode, tc.want)
			}
		})
	}
}

func TestAppendCompact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    uint64
		want string
	}{
		{0, "00"}, {1, "04"}, {63, "fc"}, {64, "0101"}, {16383, "fdff"},
		{16384, "02000100"}, {1<<30 - 1, "feffffff"}, {1 << 30, "0300000040"},
		{1<<64 - 1, "13ffffffffffffffff"},
	}
	for _, tc := range tests {
		if got := appendCompact(nil, tc.n); string(got) != string(mustHex(t, tc.want)) {
			t.Errorf("compact(%d) = %x, want %s", tc.n, got, tc.want)
		}
	}
}

func FuzzParseSURI(f *testing.F) {
	for _, s := range []string{
		"//Alice", "/Bob//test", "//Alice///pw", specMnemonic + "//x/y", "0x00//1", "", "///", "////", "/ /",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseSURI(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidSURI) {
				t.Fatalf("error does not wrap ErrInvalidSURI: %v", err)
			}
			return
		}
		if u.Phrase == "" {
			t.Fatal("parsed SURI with empty phrase")
		}
		if strings.Count(u.Path, "/") < len(u.Junctions) {
			t.Fatalf("%d junctions from path %q", len(u.Junctions), u.Path)
		}
		// Deriving from a hex seed is cheap; make sure it never panics on parsed input.
		if strings.HasPrefix(u.Phrase, "0x") {
			_, _ = u.Keypair()
		}
	})
}
