package runtime

import (
	"sync"
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Helpers for the neuron, weights and child-key tests.

const tao = uint64(1_000_000_000)

// netFixture is a started subnet owned by //Alice (hotkey //Alice//owner)
// with //Bob and //Charlie funded.
type netFixture struct {
	s                  *state.State
	n                  state.NetUID
	owner, ownerHot    AccountID
	bob, charlie, dave AccountID
	block              uint64
}

func newNetFixture(t testing.TB) *netFixture {
	t.Helper()
	s := newTestState(t, map[string]uint64{"//Alice": 5000 * tao, "//Bob": 1000 * tao, "//Charlie": 1000 * tao, "//Dave": 10})
	f := &netFixture{s: s, owner: cacct(t, "//Alice"), ownerHot: cacct(t, "//Alice//owner"),
		bob: cacct(t, "//Bob"), charlie: cacct(t, "//Charlie"), dave: cacct(t, "//Dave"), block: 10}
	f.n = newSubnet(t, s, f.block, f.owner, f.ownerHot, true)
	return f
}

// subnet edits subnet n's hyperparameters directly.
func (f *netFixture) subnet(edit func(*state.Subnet)) {
	sn, _ := f.s.Subnets.Get(f.n)
	edit(&sn)
	f.s.Subnets.Set(f.n, sn)
}

// emission edits subnet n's Emission record directly.
func (f *netFixture) emission(edit func(*state.Emission)) {
	em, _ := f.s.Emissions.Get(f.n)
	edit(&em)
	f.s.Emissions.Set(f.n, em)
}

// neuron edits a neuron directly.
func (f *netFixture) neuron(uid uint16, edit func(*state.Neuron)) {
	k := state.NeuronKey{Net: f.n, UID: uid}
	nr, _ := f.s.Neurons.Get(k)
	edit(&nr)
	f.s.Neurons.Set(k, nr)
}

// out edits uid's epoch outputs.
func (f *netFixture) out(uid uint16, edit func(*state.NeuronOutputs)) {
	o := NeuronOut(f.s, f.n, uid)
	edit(&o)
	setNeuronOut(f.s, f.n, uid, o)
}

// register burns-registers hotkey (paid by coldkey) and returns its uid.
func (f *netFixture) register(t testing.TB, coldkey, hotkey AccountID) uint16 {
	t.Helper()
	if e := callAs(t, f.s, f.block, coldkey, tx.BurnedRegister{Netuid: uint16(f.n), Hotkey: hotkey}); e != "" {
		t.Fatalf("burned_register: %s", e)
	}
	uid, ok := f.s.Uids.Get(state.NetHotkey{Net: f.n, Hotkey: hotkey})
	if !ok {
		t.Fatal("not registered")
	}
	return uid
}

// hot returns the account of //Name//hotI.
func hot(t testing.TB, name string, i int) AccountID {
	return cacct(t, name+"//hot"+itoa(i))
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// setStake writes a (hotkey, subnet) pool's value directly (TotalHotkeyAlpha),
// keeping the subnet's outstanding alpha (SubnetAlphaOut) in step.
func setStake(s *state.State, h AccountID, n state.NetUID, v uint64) {
	k := state.HotkeyNet{Hotkey: h, Net: n}
	p := s.Stakes.GetOr(k, state.StakePool{})
	pl, _ := s.Pools.Get(n)
	pl.AlphaOut = pl.AlphaOut - p.Value + v
	s.Pools.Set(n, pl)
	p.Value = v
	s.Stakes.Set(k, p)
}

func uidOf(t testing.TB, s *state.State, n state.NetUID, h AccountID) uint16 {
	t.Helper()
	uid, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: h})
	if !ok {
		t.Fatalf("hotkey %s not registered on %d", h, n)
	}
	return uid
}

var acctCache sync.Map // SURI → AccountID

// cacct is acct with the (slow) key derivation memoised.
func cacct(t testing.TB, suri string) AccountID {
	if v, ok := acctCache.Load(suri); ok {
		return v.(AccountID)
	}
	a := acct(t, suri)
	acctCache.Store(suri, a)
	return a
}
