package runtime

import (
	"encoding/hex"
	"testing"

	"golang.org/x/crypto/blake2b"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestAppendCompact(t *testing.T) {
	for _, c := range []struct {
		n    uint64
		want string
	}{
		{0, "00"}, {1, "04"}, {42, "a8"}, {63, "fc"}, {64, "0101"}, {69, "1501"}, {16383, "fdff"},
		{16384, "02000100"}, {1<<30 - 1, "feffffff"}, {1 << 30, "0300000040"},
		{1 << 32, "070000000001"}, {^uint64(0), "13ffffffffffffffff"},
	} {
		if got := hex.EncodeToString(AppendCompact(nil, c.n)); got != c.want {
			t.Errorf("compact(%d) = %s, want %s", c.n, got, c.want)
		}
	}
}

func TestCommitHashEncoding(t *testing.T) {
	var hk AccountID
	for i := range hk {
		hk[i] = byte(i)
	}
	// SCALE((hk, 3u16, [1,2], [65535], [], 7u64)) written out by hand.
	enc, _ := hex.DecodeString(hex.EncodeToString(hk[:]) + "0300" + "08" + "0100" + "0200" + "04" + "ffff" + "00" + "0700000000000000")
	if CommitHash(hk, 3, []uint16{1, 2}, []uint16{65535}, nil, 7) != blake2b.Sum256(enc) {
		t.Fatal("commit hash is not BlakeTwo256 of the SCALE tuple")
	}
	if CommitHash(hk, 3, []uint16{1, 2}, []uint16{65535}, nil, 7) == CommitHash(hk, 3, []uint16{1}, []uint16{2, 65535}, nil, 7) {
		t.Fatal("vector boundaries must matter")
	}
}

// crSetup: commit-reveal on (reveal period 1), tempo 360, //Bob//hot1 (uid
// 1, permit) and //Bob//hot2 registered, no rate limit.
func crSetup(t *testing.T, f *netFixture) {
	weightsSetup(t, f)
	f.subnet(func(sn *state.Subnet) { sn.CommitRevealEnabled, sn.RevealPeriodEpochs, sn.Tempo = true, 1, 360 })
	f.emission(func(em *state.Emission) { em.LastEpochBlock, em.EpochIndex = f.block, 5 })
}

var crVals = struct {
	uids, values, salt []uint16
}{[]uint16{0, 2}, []uint16{10, 20}, []uint16{9, 9, 9}}

func crHash(t *testing.T, f *netFixture) [32]byte {
	return CommitHash(cacct(t, "//Bob//hot1"), uint16(f.n), crVals.uids, crVals.values, crVals.salt, 0)
}

func commitCall(t *testing.T, f *netFixture) tx.Call {
	return tx.CommitWeights{Netuid: uint16(f.n), CommitHash: crHash(t, f)}
}

func TestCommitWeightsErrors(t *testing.T) {
	v1 := func(*netFixture) AccountID { return cacct(t, "//Bob//hot1") }
	runCases(t, []regCase{
		{name: "ok", setup: crSetup, signer: v1, call: commitCall},
		{name: "no subnet", setup: crSetup, signer: v1, call: func(t *testing.T, f *netFixture) tx.Call {
			return tx.CommitWeights{Netuid: 99}
		}, want: "MechanismDoesNotExist"},
		{name: "cr off", setup: withSetup(nil), signer: v1, call: commitCall, want: "CommitRevealDisabled"},
		{name: "unregistered", setup: crSetup, call: commitCall, want: "HotKeyNotRegisteredInSubNet"},
		{name: "too fast", setup: func(t *testing.T, f *netFixture) {
			crSetup(t, f)
			f.subnet(func(sn *state.Subnet) { sn.WeightsSetRateLimit = 50 })
		}, signer: v1, call: commitCall, want: "CommittingWeightsTooFast"},
		{name: "ten unrevealed", setup: func(t *testing.T, f *netFixture) {
			crSetup(t, f)
			cs := make([]state.WeightCommit, MaxUnrevealedCommits)
			for i := range cs {
				cs[i] = state.WeightCommit{Hash: [32]byte{byte(i)}, CommitEpoch: 5, CommitBlock: 1}
			}
			f.s.Commits.Set(state.NetHotkey{Net: f.n, Hotkey: cacct(t, "//Bob//hot1")}, cs)
		}, signer: v1, call: commitCall, want: "TooManyUnrevealedCommits"},
		{name: "expired ones dropped", setup: func(t *testing.T, f *netFixture) {
			crSetup(t, f)
			cs := make([]state.WeightCommit, MaxUnrevealedCommits)
			for i := range cs {
				cs[i] = state.WeightCommit{Hash: [32]byte{byte(i)}, CommitEpoch: 3, CommitBlock: 1} // 5 > 3+1
			}
			f.s.Commits.Set(state.NetHotkey{Net: f.n, Hotkey: cacct(t, "//Bob//hot1")}, cs)
		}, signer: v1, call: commitCall},
	})
}

func revealCall(edit func(*tx.RevealWeights)) func(t *testing.T, f *netFixture) tx.Call {
	return func(t *testing.T, f *netFixture) tx.Call {
		c := tx.RevealWeights{Netuid: uint16(f.n), Uids: crVals.uids, Values: crVals.values, Salt: crVals.salt}
		if edit != nil {
			edit(&c)
		}
		return c
	}
}

// committed commits crHash at epoch e and moves the subnet to epoch now.
func committed(e, now uint64, extra ...state.WeightCommit) func(t *testing.T, f *netFixture) {
	return func(t *testing.T, f *netFixture) {
		crSetup(t, f)
		cs := append([]state.WeightCommit{}, extra...)
		cs = append(cs, state.WeightCommit{Hash: crHash(t, f), CommitEpoch: e, CommitBlock: 3})
		f.s.Commits.Set(state.NetHotkey{Net: f.n, Hotkey: cacct(t, "//Bob//hot1")}, cs)
		f.emission(func(em *state.Emission) { em.EpochIndex = now })
	}
}

func TestRevealWeightsErrors(t *testing.T) {
	v1 := func(*netFixture) AccountID { return cacct(t, "//Bob//hot1") }
	runCases(t, []regCase{
		{name: "ok", setup: committed(4, 5), signer: v1, call: revealCall(nil)},
		{name: "no subnet", setup: committed(4, 5), signer: v1, call: revealCall(func(c *tx.RevealWeights) { c.Netuid = 99 }), want: "MechanismDoesNotExist"},
		{name: "cr off", setup: withSetup(nil), signer: v1, call: revealCall(nil), want: "CommitRevealDisabled"},
		{name: "no commit", setup: crSetup, signer: v1, call: revealCall(nil), want: "NoWeightsCommitFound"},
		{name: "hash mismatch", setup: committed(4, 5), signer: v1, call: revealCall(func(c *tx.RevealWeights) { c.VersionKey = 1 }), want: "InvalidRevealCommitHashNotMatch"},
		{name: "expired", setup: committed(3, 5), signer: v1, call: revealCall(nil), want: "ExpiredWeightCommit"},
		{name: "expired duplicate first", setup: func(t *testing.T, f *netFixture) {
			committed(5, 5)(t, f)
			k := state.NetHotkey{Net: f.n, Hotkey: cacct(t, "//Bob//hot1")}
			cs, _ := f.s.Commits.Get(k)
			f.s.Commits.Set(k, append([]state.WeightCommit{{Hash: crHash(t, f), CommitEpoch: 1}}, cs...))
		}, signer: v1, call: revealCall(nil), want: "ExpiredWeightCommit"},
		{name: "too early", setup: committed(5, 5), signer: v1, call: revealCall(nil), want: "RevealTooEarly"},
		{name: "lookahead makes it due", setup: func(t *testing.T, f *netFixture) {
			committed(5, 5)(t, f)
			f.emission(func(em *state.Emission) { em.PendingEpochAt = f.block })
		}, signer: v1, call: revealCall(nil)},
		{name: "set_weights checks apply", setup: func(t *testing.T, f *netFixture) {
			committed(4, 5)(t, f)
			f.out(1, func(n *state.NeuronOutputs) { n.ValidatorPermit = false })
		}, signer: v1, call: revealCall(nil), want: "NeuronNoValidatorPermit"},
	})
}

// The full flow: commit at epoch 5, reveal at epoch 6; earlier commits go,
// later ones stay; the weights are stored without touching LastUpdate.
func TestCommitRevealFlow(t *testing.T) {
	f := newNetFixture(t)
	crSetup(t, f)
	v1 := cacct(t, "//Bob//hot1")
	k := state.NetHotkey{Net: f.n, Hotkey: v1}
	f.s.Commits.Set(k, []state.WeightCommit{{Hash: [32]byte{1}, CommitEpoch: 5}})
	if e := callAs(t, f.s, f.block, v1, commitCall(t, f)); e != "" {
		t.Fatal(e)
	}
	later := CommitHash(v1, uint16(f.n), []uint16{1}, []uint16{1}, nil, 0)
	f.block += 5
	if e := callAs(t, f.s, f.block, v1, tx.CommitWeights{Netuid: uint16(f.n), CommitHash: later}); e != "" {
		t.Fatal(e)
	}
	cs, _ := f.s.Commits.Get(k)
	if len(cs) != 3 || cs[1].CommitEpoch != 5 || cs[1].CommitBlock != 10 {
		t.Fatalf("commits %+v", cs)
	}
	nr, _ := f.s.Neurons.Get(state.NeuronKey{Net: f.n, UID: 1})
	if nr.LastUpdate != f.block {
		t.Fatal("commit sets LastUpdate")
	}
	f.emission(func(em *state.Emission) { em.EpochIndex = 6 })
	f.block += 5
	if e := callAs(t, f.s, f.block, v1, revealCall(nil)(t, f)); e != "" {
		t.Fatal(e)
	}
	cs, _ = f.s.Commits.Get(k)
	if len(cs) != 1 || cs[0].Hash != later {
		t.Fatalf("left %+v", cs)
	}
	w, _ := f.s.Weights.Get(state.NeuronKey{Net: f.n, UID: 1})
	if len(w) != 2 || w[0] != (state.WeightEntry{UID: 0, Weight: 32768}) || w[1] != (state.WeightEntry{UID: 2, Weight: 65535}) {
		t.Fatalf("weights %v", w)
	}
	if nr2, _ := f.s.Neurons.Get(state.NeuronKey{Net: f.n, UID: 1}); nr2.LastUpdate != nr.LastUpdate {
		t.Fatal("reveal touched LastUpdate")
	}
	if CurrentEpochWithLookahead(f.s, f.n, f.block) != 6 || CurrentEpochWithLookahead(f.s, f.n, 10+360) != 7 {
		t.Fatal("lookahead")
	}
	mustInvariants(t, f.s)
}
