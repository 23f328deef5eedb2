package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/pow"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// regCase is one row of a call's error table: setup edits the fixture, then
// signer sends call and the chain error must be want.
type regCase struct {
	name   string
	setup  func(t *testing.T, f *netFixture)
	signer func(f *netFixture) AccountID
	call   func(t *testing.T, f *netFixture) tx.Call
	want   string
}

func runCases(t *testing.T, cases []regCase) {
	t.Helper()
	base := newNetFixture(t)
	block0 := base.block
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := base
			cp := f.s.Checkpoint()
			defer func() { f.s.Revert(cp); f.block = block0 }()
			if c.setup != nil {
				c.setup(t, f)
			}
			signer := f.bob
			if c.signer != nil {
				signer = c.signer(f)
			}
			call := c.call(t, f)
			root0 := snapshot(f.s)
			got := callAs(t, f.s, f.block, signer, call)
			if got != c.want {
				t.Fatalf("%s: got %q, want %q", call.CallName(), got, c.want)
			}
			if got != "" && snapshot(f.s) != root0 {
				t.Fatalf("failed call changed state")
			}
			mustInvariants(t, f.s)
		})
	}
}

// snapshot summarises the state for "a failed call changes nothing" checks.
func snapshot(s *state.State) string {
	g := s.G()
	out := itoa(int(g.TotalIssuance)) + "/" + itoa(s.Neurons.Len()) + "/" + itoa(s.Uids.Len()) + "/" + itoa(s.Hotkeys.Len()) +
		"/" + itoa(s.Weights.Len()) + "/" + itoa(s.Commits.Len()) + "/" + itoa(s.Families.Len()) + "/" + itoa(s.PendingChildKeys.Len())
	s.Accounts.Each(func(_ AccountID, a state.Account) { out += "," + itoa(int(a.Free)) })
	s.Pools.Each(func(_ state.NetUID, p state.Pool) { out += ";" + itoa(int(p.TaoReserve)) + ":" + itoa(int(p.AlphaIn)) })
	s.Emissions.Each(func(_ state.NetUID, e state.Emission) {
		out += "|" + itoa(int(e.Burn)) + ":" + itoa(int(e.N)) + ":" + itoa(int(e.PendingEpochAt)) + ":" + itoa(int(e.LastEpochBlock))
	})
	s.Subnets.Each(func(_ state.NetUID, sn state.Subnet) { out += "#" + itoa(int(sn.Tempo)) })
	s.Neurons.Each(func(_ state.NeuronKey, n state.Neuron) {
		out += "!" + itoa(int(n.LastUpdate)) + ":" + itoa(int(n.Axon.Block))
	})
	return out
}

func burned(h func(t *testing.T, f *netFixture) AccountID, net func(f *netFixture) uint16) func(t *testing.T, f *netFixture) tx.Call {
	return func(t *testing.T, f *netFixture) tx.Call {
		return tx.BurnedRegister{Netuid: net(f), Hotkey: h(t, f)}
	}
}

func bobHot(t *testing.T, _ *netFixture) AccountID { return hot(t, "//Bob", 1) }
func thisNet(f *netFixture) uint16                 { return uint16(f.n) }

func TestBurnedRegisterErrors(t *testing.T) {
	runCases(t, []regCase{
		{name: "ok", call: burned(bobHot, thisNet)},
		{name: "root", call: burned(bobHot, func(*netFixture) uint16 { return 0 }), want: "RegistrationNotPermittedOnRootSubnet"},
		{name: "no subnet", call: burned(bobHot, func(*netFixture) uint16 { return 77 }), want: "SubnetNotExists"},
		{name: "disabled", setup: func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.NetworkRegistrationAllowed = false })
		}, call: burned(bobHot, thisNet), want: "SubNetRegistrationDisabled"},
		{name: "already registered", signer: func(f *netFixture) AccountID { return f.owner },
			call: burned(func(_ *testing.T, f *netFixture) AccountID { return f.ownerHot }, thisNet), want: "HotKeyAlreadyRegisteredInSubNet"},
		{name: "poor", signer: func(f *netFixture) AccountID { return f.dave }, call: burned(bobHot, thisNet), want: "NotEnoughBalanceToStake"},
		{name: "keep-alive", setup: func(_ *testing.T, f *netFixture) {
			f.emission(func(em *state.Emission) { em.Burn = Free(f.s, f.bob) }) // would leave 0 < ED
		}, call: burned(bobHot, thisNet), want: "NotEnoughBalanceToStake"},
		{name: "system account", call: burned(func(*testing.T, *netFixture) AccountID { return AccountID{} }, thisNet), want: "CannotUseSystemAccount"},
		{name: "foreign hotkey", setup: func(t *testing.T, f *netFixture) {
			ensureHotkeyOwner(f.s, hot(t, "//Charlie", 1), f.charlie)
		}, call: burned(func(t *testing.T, _ *netFixture) AccountID { return hot(t, "//Charlie", 1) }, thisNet), want: "NonAssociatedColdKey"},
		{name: "max uids zero", setup: func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.MaxAllowedUids = 0 })
		}, call: burned(bobHot, thisNet), want: "NoNeuronIdAvailable"},
		{name: "full, owner immortal", setup: func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.MaxAllowedUids = 1 })
		}, call: burned(bobHot, thisNet), want: "NoNeuronIdAvailable"},
		{name: "swap fails", setup: func(_ *testing.T, f *netFixture) {
			pl, _ := f.s.Pools.Get(f.n)
			pl.AlphaIn = 0
			f.s.Pools.Set(f.n, pl)
		}, call: burned(bobHot, thisNet), want: "ReservesTooLow"},
	})
}

func TestRegisterLimitErrors(t *testing.T) {
	limit := func(p uint64, net func(*netFixture) uint16) func(t *testing.T, f *netFixture) tx.Call {
		return func(t *testing.T, f *netFixture) tx.Call {
			return tx.RegisterLimit{Netuid: net(f), Hotkey: hot(t, "//Bob", 1), LimitPrice: p}
		}
	}
	runCases(t, []regCase{
		{name: "ok at price", call: limit(tao, thisNet)},
		{name: "root", call: limit(tao, func(*netFixture) uint16 { return 0 }), want: "RegistrationNotPermittedOnRootSubnet"},
		{name: "no subnet", call: limit(tao, func(*netFixture) uint16 { return 9 }), want: "SubnetNotExists"},
		{name: "price", call: limit(tao-1, thisNet), want: "RegistrationPriceLimitExceeded"},
		// The price check comes before the registration flag.
		{name: "price before disabled", setup: func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.NetworkRegistrationAllowed = false })
		}, call: limit(1, thisNet), want: "RegistrationPriceLimitExceeded"},
		{name: "disabled", setup: func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.NetworkRegistrationAllowed = false })
		}, call: limit(tao, thisNet), want: "SubNetRegistrationDisabled"},
		{name: "poor", signer: func(f *netFixture) AccountID { return f.dave }, call: limit(tao, thisNet), want: "NotEnoughBalanceToStake"},
		{name: "full", setup: func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.MaxAllowedUids = 0 })
		}, call: limit(tao, thisNet), want: "NoNeuronIdAvailable"},
	})
}

// powCall builds a PoW registration of //Bob//pow at work block b (its
// hash recorded) with the smallest nonce meeting difficulty d.
func powCall(t *testing.T, f *netFixture, b, d uint64) tx.RegisterPow {
	t.Helper()
	hk := cacct(t, "//Bob//pow")
	bh := [32]byte{byte(b), 0xAB}
	RecordBlockHash(f.s, b, bh)
	for nonce := uint64(0); ; nonce++ {
		seal := pow.Seal(bh, hk, nonce)
		if pow.MeetsDifficulty(seal, d) {
			return tx.RegisterPow{Netuid: uint16(f.n), BlockNumber: b, Nonce: nonce, Work: seal[:], Hotkey: hk, Coldkey: f.bob}
		}
	}
}

func TestRegisterPow(t *testing.T) {
	powOn := func(d uint64) func(*testing.T, *netFixture) {
		return func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.PowRegistrationAllowed, sn.Difficulty = true, d })
		}
	}
	pc := func(edit func(*tx.RegisterPow)) func(t *testing.T, f *netFixture) tx.Call {
		return func(t *testing.T, f *netFixture) tx.Call {
			c := powCall(t, f, f.block-1, 1000)
			if edit != nil {
				edit(&c)
			}
			return c
		}
	}
	hk := func(f *netFixture) AccountID { return cacct(t, "//Bob//pow") }
	runCases(t, []regCase{
		{name: "ok", setup: powOn(1000), signer: hk, call: pc(nil)},
		{name: "not hotkey", setup: powOn(1000), call: pc(nil), want: "TransactorAccountShouldBeHotKey"},
		{name: "root", setup: powOn(1000), signer: hk, call: pc(func(c *tx.RegisterPow) { c.Netuid = 0 }), want: "RegistrationNotPermittedOnRootSubnet"},
		{name: "no subnet", setup: powOn(1000), signer: hk, call: pc(func(c *tx.RegisterPow) { c.Netuid = 42 }), want: "SubnetNotExists"},
		{name: "pow off", signer: hk, call: pc(nil), want: "SubNetRegistrationDisabled"},
		{name: "registered", setup: func(t *testing.T, f *netFixture) {
			powOn(1000)(t, f)
			f.register(t, f.bob, cacct(t, "//Bob//pow"))
		}, signer: hk, call: pc(nil), want: "HotKeyAlreadyRegisteredInSubNet"},
		{name: "future block", setup: powOn(1000), signer: hk, call: pc(func(c *tx.RegisterPow) { c.BlockNumber = 11 }), want: "InvalidWorkBlock"},
		{name: "stale block", setup: powOn(1000), signer: hk, call: pc(func(c *tx.RegisterPow) { c.BlockNumber = 7 }), want: "InvalidWorkBlock"},
		{name: "difficulty", setup: powOn(^uint64(0)), signer: hk, call: pc(nil), want: "InvalidDifficulty"},
		{name: "seal", setup: powOn(1000), signer: hk, call: pc(func(c *tx.RegisterPow) { c.Nonce++ }), want: "InvalidSeal"},
		{name: "work length", setup: powOn(1000), signer: hk, call: pc(func(c *tx.RegisterPow) { c.Work = c.Work[:31] }), want: "InvalidSeal"},
		{name: "repeated", setup: func(t *testing.T, f *netFixture) {
			powOn(1000)(t, f)
			c := powCall(t, f, f.block-1, 1000)
			f.s.UsedWork.Set([32]byte(c.Work), c.BlockNumber)
		}, signer: hk, call: pc(nil), want: "WorkRepeated"},
		{name: "foreign hotkey", setup: func(t *testing.T, f *netFixture) {
			powOn(1000)(t, f)
			ensureHotkeyOwner(f.s, cacct(t, "//Bob//pow"), f.charlie)
		}, signer: hk, call: pc(nil), want: "NonAssociatedColdKey"},
		{name: "system account", setup: powOn(1), signer: func(*netFixture) AccountID { return AccountID{} },
			call: pc(func(c *tx.RegisterPow) {
				seal := pow.Seal([32]byte{byte(c.BlockNumber), 0xAB}, AccountID{}, 0)
				c.Hotkey, c.Nonce, c.Work = AccountID{}, 0, seal[:]
			}), want: "CannotUseSystemAccount"},
		{name: "full", setup: func(t *testing.T, f *netFixture) {
			powOn(1000)(t, f)
			f.subnet(func(sn *state.Subnet) { sn.MaxAllowedUids = 1 })
		}, signer: hk, call: pc(nil), want: "NoNeuronIdAvailable"},
	})
}

func TestRegisterPowEffects(t *testing.T) {
	f := newNetFixture(t)
	f.subnet(func(sn *state.Subnet) { sn.PowRegistrationAllowed, sn.Difficulty = true, 1000 })
	c := powCall(t, f, f.block, 1000) // work for the current block is allowed
	free := Free(f.s, f.bob)
	burn := burnOf(f)
	hk := cacct(t, "//Bob//pow")
	if e := callAs(t, f.s, f.block, hk, c); e != "" {
		t.Fatal(e)
	}
	if Free(f.s, f.bob) != free || burnOf(f) != burn || !f.s.UsedWork.Has([32]byte(c.Work)) {
		t.Fatal("PoW registration paid, bumped the burn or forgot its work")
	}
	if h, _ := f.s.Hotkeys.Get(hk); h.Owner != f.bob {
		t.Fatal("coldkey pairing")
	}
	if !PaysFee("burned_register") || PaysFee("register") {
		t.Fatal("fee classes")
	}
	// The used work is forgotten once it can no longer be submitted.
	for i := 0; i < 3; i++ {
		step(t, f)
	}
	if f.s.UsedWork.Len() != 0 {
		t.Fatal("used work not pruned")
	}
	// Each block records its parent's hash (frame_system's BlockHash[n−1]).
	hc := NewCtx(f.s, 77, AccountID{})
	hc.Parent = [32]byte{7, 7}
	if err := recordParentHash(hc); err != nil || BlockHash(f.s, 76) != hc.Parent || BlockHash(f.s, 77) != ([32]byte{}) {
		t.Fatal("parent hash not recorded")
	}
	// Block hashes are kept for BlockHashRetention blocks.
	RecordBlockHash(f.s, BlockHashRetention+f.block, [32]byte{1})
	if f.s.BlockHashes.Has(f.block) || BlockHash(f.s, 999_999) != ([32]byte{}) {
		t.Fatal("block hash retention")
	}
	mustInvariants(t, f.s)
}
