package keys

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/vmihailenco/msgpack/v5"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex in test: %v", err)
	}
	return b
}

func TestMiniSecretVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, phrase, entropy, seed string
	}{
		{"btwallet mnemonic", specMnemonic, "9a100b9cdc7d09470823979aeae492dc", "da3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143"},
		{"dev phrase", DevPhrase, "1a486a5fbe53639984cb64b070755f7b", "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ent, err := MnemonicToEntropy(tc.phrase)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(ent); got != tc.entropy {
				t.Errorf("entropy = %s, want %s", got, tc.entropy)
			}
			seed, err := MiniSecretFromMnemonic(tc.phrase, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(seed[:]); got != tc.seed {
				t.Errorf("mini secret = %s, want %s", got, tc.seed)
			}
			kp, err := FromMnemonic(tc.phrase, "")
			if err != nil {
				t.Fatal(err)
			}
			if s, ok := kp.Seed(); !ok || s != seed {
				t.Errorf("Seed() = %x, %v; want %x, true", s, ok, seed)
			}
			if kp.Phrase() != tc.phrase {
				t.Errorf("Phrase() = %q", kp.Phrase())
			}
		})
	}
}

func TestPrivateKeyVector(t *testing.T) {
	t.Parallel()
	const priv = "1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e"
	const pub = "e4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446"
	kp, err := FromSecretKeyHex("0x" + priv)
	if err != nil {
		t.Fatal(err)
	}
	if got := kp.Public(); hex.EncodeToString(got[:]) != pub {
		t.Errorf("public = %x, want %s", got, pub)
	}
	if _, ok := kp.Seed(); ok {
		t.Error("a key from a private key must not claim to know its seed")
	}
	// The mnemonic's expansion must produce exactly the same 64 bytes (btwallet's privateKey).
	fromPhrase, err := FromMnemonic(specMnemonic, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := fromPhrase.SecretKey(); hex.EncodeToString(got[:]) != priv {
		t.Errorf("SecretKey() = %x, want %s", got, priv)
	}
}

func TestEd25519SecretKeyForm(t *testing.T) {
	t.Parallel()
	kp, err := FromMnemonic(specMnemonic, "")
	if err != nil {
		t.Fatal(err)
	}
	sk := kp.SecretKey()
	// polkadot-js form: scalar multiplied by 8 (shift left 3 bits, little endian).
	var ed [64]byte
	var carry byte
	for i := range 32 {
		ed[i] = sk[i]<<3 | carry
		carry = sk[i] >> 5
	}
	copy(ed[32:], sk[32:])
	kp2, err := FromEd25519SecretKey(ed)
	if err != nil {
		t.Fatal(err)
	}
	if kp2.Public() != kp.Public() || kp2.SecretKey() != sk {
		t.Errorf("ed25519 form did not round-trip: %x vs %x", kp2.Public(), kp.Public())
	}
}

func TestSecretKeyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"short", "0x1234", ErrInvalidSecretKey},
		{"bad hex", "0x" + string(bytes.Repeat([]byte("zz"), 64)), ErrInvalidSecretKey},
		{"non-canonical scalar", "0x" + string(bytes.Repeat([]byte("ff"), 64)), ErrInvalidSecretKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := FromSecretKeyHex(tc.in); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := FromSeedHex("0x12"); !errors.Is(err, ErrInvalidSeed) {
		t.Errorf("FromSeedHex short: err = %v, want ErrInvalidSeed", err)
	}
}

func TestSignVerify(t *testing.T) {
	t.Parallel()
	alice, _ := DevKeyByName("Alice")
	bob, _ := DevKeyByName("Bob")
	msg := []byte("nonce.hotkey.axon.uuid.bodyhash")
	sig, err := alice.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	sig2, err := alice.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	if sig == sig2 {
		t.Error("two signatures are identical; sr25519 signatures should be randomised")
	}
	tamperedSig := sig
	tamperedSig[5] ^= 0x01
	unmarked := sig
	unmarked[63] &^= 0x80
	tests := []struct {
		name string
		pub  [32]byte
		msg  []byte
		sig  []byte
		want bool
	}{
		{"valid", alice.Public(), msg, sig[:], true},
		{"second valid", alice.Public(), msg, sig2[:], true},
		{"tampered message", alice.Public(), []byte("nonce.hotkey.axon.uuid.bodyhasH"), sig[:], false},
		{"tampered signature", alice.Public(), msg, tamperedSig[:], false},
		{"schnorrkel marker cleared", alice.Public(), msg, unmarked[:], false},
		{"wrong key", bob.Public(), msg, sig[:], false},
		{"short signature", alice.Public(), msg, sig[:63], false},
		{"empty signature", alice.Public(), msg, nil, false},
		{"invalid public key", [32]byte{0xff, 0xff}, msg, sig[:], false},
		{"zero signature", alice.Public(), msg, make([]byte, 64), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Verify(tc.pub, tc.msg, tc.sig); got != tc.want {
				t.Errorf("Verify = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestBtwalletBadSignature checks the known-bad signature from opentensor/btwallet
// tests/test_keyfile.py against a fresh key.
func TestBtwalletBadSignature(t *testing.T) {
	t.Parallel()
	m, err := GenerateMnemonic(12)
	if err != nil {
		t.Fatal(err)
	}
	kp, err := FromMnemonic(m, "")
	if err != nil {
		t.Fatal(err)
	}
	bad := mustHex(t, "4c291bfb0bb9c1274e86d4b666d13b2ac99a0bacc04a4846fb8ea50bda114677f83c1f164af58fc184451e5140cc8160c4de626163b11451d3bbb208a1889f8a")
	if Verify(kp.Public(), []byte("Test1231223123123"), bad) {
		t.Error("known-bad signature verified")
	}
	good, err := kp.Sign([]byte("Test1231223123123"))
	if err != nil || !Verify(kp.Public(), []byte("Test1231223123123"), good[:]) {
		t.Errorf("fresh signature does not verify: %v", err)
	}
}

func TestVerifyWrapped(t *testing.T) {
	t.Parallel()
	kp, err := FromSURI("//Charlie")
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("hello")
	wrapped := append(append([]byte("<Bytes>"), msg...), "</Bytes>"...)
	sig, err := kp.Sign(wrapped)
	if err != nil {
		t.Fatal(err)
	}
	if Verify(kp.Public(), msg, sig[:]) {
		t.Error("plain Verify accepted a signature over the wrapped message")
	}
	if !VerifyWrapped(kp.Public(), msg, sig[:]) {
		t.Error("VerifyWrapped rejected a signature over <Bytes>msg</Bytes>")
	}
	plain, err := kp.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	if !VerifyWrapped(kp.Public(), msg, plain[:]) {
		t.Error("VerifyWrapped rejected a plain signature")
	}
}

func TestZeroKeypair(t *testing.T) {
	t.Parallel()
	var zero Keypair
	if _, err := zero.Sign([]byte("m")); !errors.Is(err, ErrInvalidSecretKey) {
		t.Errorf("Sign on zero key pair: %v", err)
	}
	if _, err := zero.Derive([]Junction{NewJunction("a", true)}); !errors.Is(err, ErrInvalidSecretKey) {
		t.Errorf("Derive on zero key pair: %v", err)
	}
}

func TestSoftDerivedKeySigns(t *testing.T) {
	t.Parallel()
	kp, err := FromSURI("//Alice/soft/0")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := kp.Seed(); ok {
		t.Error("soft-derived key claims a seed")
	}
	sig, err := kp.Sign([]byte("m"))
	if err != nil {
		t.Fatal(err)
	}
	if !Verify(kp.Public(), []byte("m"), sig[:]) {
		t.Error("signature of soft-derived key does not verify")
	}
	// Reloading from its 64-byte secret gives the same key.
	again, err := FromSecretKey(kp.SecretKey())
	if err != nil {
		t.Fatal(err)
	}
	if again.Public() != kp.Public() {
		t.Error("secret key round trip changed the public key")
	}
	// Deterministic: the same URI gives the same secret.
	kp2, err := FromSURI("//Alice/soft/0")
	if err != nil {
		t.Fatal(err)
	}
	if kp2.SecretKey() != kp.SecretKey() {
		t.Error("soft derivation is not deterministic")
	}
}

func TestSeedTracking(t *testing.T) {
	t.Parallel()
	tests := []struct {
		suri     string
		hasSeed  bool
		hasPhase bool
	}{
		{DevPhrase, true, true},
		{"//Alice", true, false},
		{"//Alice//stash", true, false},
		{"//Alice/soft", false, false},
		{"/soft//hard", false, false},
		{DevPhrase + "///pw", true, false},
	}
	for _, tc := range tests {
		t.Run(tc.suri, func(t *testing.T) {
			t.Parallel()
			kp, err := FromSURI(tc.suri)
			if err != nil {
				t.Fatal(err)
			}
			seed, ok := kp.Seed()
			if ok != tc.hasSeed {
				t.Fatalf("Seed ok = %v, want %v", ok, tc.hasSeed)
			}
			if ok && FromSeed(seed).Public() != kp.Public() {
				t.Error("recorded seed does not expand to the key")
			}
			if (kp.Phrase() != "") != tc.hasPhase {
				t.Errorf("Phrase() = %q", kp.Phrase())
			}
		})
	}
}

func TestMnemonicPassword(t *testing.T) {
	t.Parallel()
	plain, err := FromSURI(DevPhrase)
	if err != nil {
		t.Fatal(err)
	}
	withPw, err := FromSURI(DevPhrase + "///secret")
	if err != nil {
		t.Fatal(err)
	}
	direct, err := FromMnemonic(DevPhrase, "secret")
	if err != nil {
		t.Fatal(err)
	}
	if withPw.Public() == plain.Public() {
		t.Error("password did not change the key")
	}
	if withPw.Public() != direct.Public() {
		t.Error("SURI password differs from FromMnemonic password")
	}
	// Password is ignored for a hex seed, as in substrate.
	a, _ := FromSURI("0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e")
	b, _ := FromSURI("0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e///pw")
	if a == nil || b == nil || a.Public() != b.Public() || a.Public() != plain.Public() {
		t.Error("hex seed with password should equal the dev phrase root")
	}
}

func TestDevKeys(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"Alice": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
		"Bob":   "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
	}
	dk := DevKeys()
	if len(dk) != len(DevAccountNames) {
		t.Fatalf("got %d dev keys", len(dk))
	}
	seen := map[AccountID]bool{}
	for i, k := range dk {
		if k.Name != DevAccountNames[i] {
			t.Errorf("key %d named %s, want %s", i, k.Name, DevAccountNames[i])
		}
		if w, ok := want[k.Name]; ok && k.Pair.SS58() != w {
			t.Errorf("%s = %s, want %s", k.Name, k.Pair.SS58(), w)
		}
		direct, err := FromSURI("//" + k.Name)
		if err != nil || direct.Public() != k.Pair.Public() {
			t.Errorf("%s differs from //%s", k.Name, k.Name)
		}
		if seen[k.Pair.AccountID()] {
			t.Errorf("duplicate dev key %s", k.Name)
		}
		seen[k.Pair.AccountID()] = true
	}
	if _, ok := DevKeyByName("Mallory"); ok {
		t.Error("DevKeyByName found an unknown name")
	}
}

func BenchmarkSign(b *testing.B) {
	kp, err := FromSURI("//Alice")
	if err != nil {
		b.Fatal(err)
	}
	msg := bytes.Repeat([]byte{0xab}, 128)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kp.Sign(msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFromSURI(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromSURI("//Alice//stash/0"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAccountIDMsgpack(t *testing.T) {
	kp, err := FromSURI("//Alice")
	if err != nil {
		t.Fatal(err)
	}
	a := kp.AccountID()
	raw, err := msgpack.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != 34 || raw[0] != 0xc4 || raw[1] != 32 {
		t.Fatalf("encoding %x: want bin8 of 32 bytes", raw)
	}
	var back AccountID
	if err := msgpack.Unmarshal(raw, &back); err != nil || back != a {
		t.Fatalf("round trip: %v %v", back, err)
	}
	// An SS58 string is accepted too; a wrong length or a bad address is not.
	str, _ := msgpack.Marshal(a.String())
	if err := msgpack.Unmarshal(str, &back); err != nil || back != a {
		t.Fatalf("from ss58: %v", err)
	}
	short, _ := msgpack.Marshal([]byte{1, 2, 3})
	if err := msgpack.Unmarshal(short, &back); !errors.Is(err, ErrBadLength) {
		t.Fatalf("short: %v", err)
	}
	bad, _ := msgpack.Marshal("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ")
	if err := msgpack.Unmarshal(bad, &back); err == nil {
		t.Fatal("bad checksum accepted")
	}
	// String keeps returning the same SS58 through the cache.
	if a.String() != "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" || a.String() != a.String() {
		t.Fatal("ss58")
	}
}
