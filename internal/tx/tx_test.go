package tx

import (
	"bytes"
	"errors"
	"testing"

	"github.com/taokit/taokit/internal/keys"
)

func dev(t testing.TB, name string) *keys.Keypair {
	t.Helper()
	kp, ok := keys.DevKeyByName(name)
	if !ok {
		t.Fatalf("no dev key %s", name)
	}
	return kp
}

func TestSignDecodeVerify(t *testing.T) {
	alice, bob := dev(t, "Alice"), dev(t, "Bob")
	chain := [32]byte{1, 2, 3}
	calls := []Call{
		Transfer{Dest: bob.AccountID(), Value: 1_000_000_000},
		AddStakeLimit{Hotkey: bob.AccountID(), Netuid: 3, Amount: 18446744073709551615, LimitPrice: 5, AllowPartial: true},
		SetWeights{Netuid: 1, Dests: []uint16{0, 5}, Weights: []uint16{1, 65535}},
		CommitWeights{Netuid: 2, CommitHash: [32]byte{9}},
		RemoveStakeFullLimit{Hotkey: bob.AccountID(), Netuid: 1},
	}
	for i, c := range calls {
		raw, err := Sign(alice, chain, uint64(i), c)
		if err != nil {
			t.Fatal(err)
		}
		got, call, err := Decode(raw)
		if err != nil {
			t.Fatalf("%s: %v", c.CallName(), err)
		}
		if !got.VerifySignature() {
			t.Fatalf("%s: signature does not verify", c.CallName())
		}
		if got.Signer != alice.AccountID() || got.Nonce != uint64(i) || got.Chain != chain {
			t.Fatalf("%s: envelope mismatch", c.CallName())
		}
		re, _ := EncodeCall(call)
		orig, _ := EncodeCall(c)
		if !bytes.Equal(re, orig) {
			t.Fatalf("%s: call round trip differs", c.CallName())
		}
		if !bytes.Equal(got.Encode(), raw) {
			t.Fatalf("%s: re-encoding differs", c.CallName())
		}
	}
}

func TestTamperingBreaksSignature(t *testing.T) {
	alice, bob := dev(t, "Alice"), dev(t, "Bob")
	raw, err := Sign(alice, [32]byte{7}, 3, Transfer{Dest: bob.AccountID(), Value: 10})
	if err != nil {
		t.Fatal(err)
	}
	base, _, _ := Decode(raw)
	mutations := map[string]func(*Tx){
		"nonce":  func(t *Tx) { t.Nonce++ },
		"chain":  func(t *Tx) { t.Chain[0] ^= 1 },
		"signer": func(t *Tx) { t.Signer = bob.AccountID() },
		"sig":    func(t *Tx) { t.Sig[5] ^= 1 },
		"call": func(t *Tx) {
			c, _ := EncodeCall(Transfer{Dest: bob.AccountID(), Value: 11})
			t.Call = c
		},
	}
	for name, mut := range mutations {
		cp := *base
		mut(&cp)
		again, _, err := Decode(cp.Encode())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if again.VerifySignature() {
			t.Errorf("%s: tampered tx still verifies", name)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	alice := dev(t, "Alice")
	raw, _ := Sign(alice, [32]byte{}, 0, Transfer{Dest: alice.AccountID(), Value: 1})
	for i := 0; i < len(raw); i++ {
		if _, _, err := Decode(raw[:i]); !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated at %d: err %v", i, err)
		}
	}
	if _, _, err := Decode(append(bytes.Clone(raw), 0)); !errors.Is(err, ErrMalformed) {
		t.Errorf("trailing byte: %v", err)
	}
	bad := &Tx{Version: 1, Call: []byte{0x92, 0xa4, 'n', 'o', 'p', 'e', 0x80}}
	if _, _, err := Decode(bad.Encode()); !errors.Is(err, ErrUnknownCall) {
		t.Errorf("unknown call: %v", err)
	}
	// Unknown field in args.
	unk := []byte{0x92, 0xa8, 't', 'r', 'a', 'n', 's', 'f', 'e', 'r', 0x81, 0xa3, 'f', 'o', 'o', 0x01}
	if _, err := DecodeCall(unk); !errors.Is(err, ErrMalformed) {
		t.Errorf("unknown field: %v", err)
	}
	v2 := &Tx{Version: 2}
	if _, _, err := Decode(v2.Encode()); !errors.Is(err, ErrBadVersion) {
		t.Errorf("version: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	alice := keysDev(f)
	raw, _ := Sign(alice, [32]byte{}, 0, Transfer{Dest: alice.AccountID(), Value: 1})
	f.Add(raw)
	raw2, _ := Sign(alice, [32]byte{}, 1, SetWeights{Netuid: 1, Dests: []uint16{1}, Weights: []uint16{2}})
	f.Add(raw2)
	f.Add([]byte{0x96})
	f.Fuzz(func(t *testing.T, b []byte) {
		tx, call, err := Decode(b)
		if err != nil {
			return
		}
		_ = tx.VerifySignature()
		if _, err := EncodeCall(call); err != nil {
			t.Fatalf("decoded call does not re-encode: %v", err)
		}
	})
}

func keysDev(f *testing.F) *keys.Keypair { return dev(f, "Alice") }

func BenchmarkVerify(b *testing.B) {
	alice := dev(b, "Alice")
	raw, _ := Sign(alice, [32]byte{}, 0, Transfer{Dest: alice.AccountID(), Value: 1})
	b.ReportAllocs()
	for b.Loop() {
		t, _, err := Decode(raw)
		if err != nil || !t.VerifySignature() {
			b.Fatal("bad")
		}
	}
}
