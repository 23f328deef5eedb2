package keys

import (
	"fmt"
	"strings"
	"unicode"
)

// DevPhrase is the well-known Substrate development mnemonic used by //Alice, //Bob, ….
const DevPhrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"

// SURI is a parsed secret URI: <phrase or 0x seed>[//hard][/soft]…[///password].
type SURI struct {
	// Phrase is the mnemonic or 0x-hex seed; DevPhrase when the URI starts with '/'.
	Phrase string
	// Path is the junction text as written, e.g. "//Alice/0".
	Path string
	// Junctions are the parsed steps of Path.
	Junctions []Junction
	// Password is the BIP-39 password after "///"; ignored for hex seeds.
	Password string
	// HasPassword is true when the URI contained "///".
	HasPassword bool
}

// ParseSURI splits a secret URI into phrase, junctions and password, following
// substrate's grammar. A URI that starts with '/' uses DevPhrase. An empty URI is rejected.
// Errors wrap ErrInvalidSURI and never quote the secret.
func ParseSURI(s string) (SURI, error) {
	var u SURI
	if s == "" {
		return u, fmt.Errorf("parse suri: %w: empty", ErrInvalidSURI)
	}
	phrase, rest := s, ""
	if i := strings.IndexByte(s, '/'); i >= 0 {
		phrase, rest = s[:i], s[i:]
	}
	for _, r := range phrase {
		if r != ' ' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			return u, fmt.Errorf("parse suri: %w: phrase may hold only letters, digits, '_' and spaces", ErrInvalidSURI)
		}
	}
	u.Phrase = strings.TrimSpace(phrase)
	if u.Phrase == "" {
		u.Phrase = DevPhrase
	}
	// No junction can contain '/', so the first "///" ends the path.
	if i := strings.Index(rest, "///"); i >= 0 {
		u.Password, u.HasPassword = rest[i+3:], true
		rest = rest[:i]
	}
	u.Path = rest
	for rest != "" {
		hard := strings.HasPrefix(rest, "//")
		if hard {
			rest = rest[2:]
		} else {
			rest = rest[1:] // rest always starts with '/'
		}
		end := strings.IndexByte(rest, '/')
		if end < 0 {
			end = len(rest)
		}
		if end == 0 {
			return SURI{}, fmt.Errorf("parse suri: %w: empty junction", ErrInvalidSURI)
		}
		u.Junctions = append(u.Junctions, NewJunction(rest[:end], hard))
		rest = rest[end:]
	}
	return u, nil
}

// FromSURI parses a secret URI and derives its key pair.
func FromSURI(s string) (*Keypair, error) {
	u, err := ParseSURI(s)
	if err != nil {
		return nil, err
	}
	return u.Keypair()
}

// Keypair derives the key pair the URI names.
func (u SURI) Keypair() (*Keypair, error) {
	var root *Keypair
	if strings.HasPrefix(u.Phrase, "0x") {
		seed, err := parseSeedHex(u.Phrase)
		if err != nil {
			return nil, fmt.Errorf("suri: %w", err)
		}
		root = FromSeed(seed)
	} else {
		kp, err := FromMnemonic(u.Phrase, u.Password)
		if err != nil {
			return nil, fmt.Errorf("suri: %w", err)
		}
		root = kp
	}
	kp, err := root.Derive(u.Junctions)
	if err != nil {
		return nil, fmt.Errorf("suri: %w", err)
	}
	return kp, nil
}
