package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestSetTempoErrors(t *testing.T) {
	owner := func(f *netFixture) AccountID { return f.owner }
	st := func(net, tempo uint16) func(*testing.T, *netFixture) tx.Call {
		return func(_ *testing.T, f *netFixture) tx.Call {
			if net == here {
				net = uint16(f.n)
			}
			return tx.SetTempo{Netuid: net, Tempo: tempo}
		}
	}
	runCases(t, []regCase{
		{name: "ok", signer: owner, call: st(here, 720)},
		{name: "no subnet", signer: owner, call: st(50, 720), want: "SubnetNotExists"},
		{name: "not owner", call: st(here, 720), want: "BadOrigin"},
		{name: "too small", signer: owner, call: st(here, 359), want: "TempoOutOfBounds"},
		{name: "too large", signer: owner, call: st(here, 50_401), want: "TempoOutOfBounds"},
		{name: "freeze window", setup: func(_ *testing.T, f *netFixture) {
			f.emission(func(em *state.Emission) { em.LastEpochBlock = f.block + 5 - 360 })
		}, signer: owner, call: st(here, 720), want: "AdminActionProhibitedDuringWeightsWindow"},
		{name: "rate limit", setup: func(_ *testing.T, f *netFixture) {
			f.emission(func(em *state.Emission) { em.LastTempoSetBlock = f.block - 359 })
		}, signer: owner, call: st(here, 720), want: "TxRateLimitExceeded"},
	})
	f := newNetFixture(t)
	f.block = 400
	if e := callAs(t, f.s, f.block, f.owner, tx.SetTempo{Netuid: uint16(f.n), Tempo: 1000}); e != "" {
		t.Fatal(e)
	}
	sn, _ := f.s.Subnets.Get(f.n)
	em, _ := f.s.Emissions.Get(f.n)
	if sn.Tempo != 1000 || em.LastEpochBlock != 400 || em.LastTempoSetBlock != 400 {
		t.Fatalf("tempo %d last epoch %d", sn.Tempo, em.LastEpochBlock)
	}
	if e := callAs(t, f.s, 759, f.owner, tx.SetTempo{Netuid: uint16(f.n), Tempo: 2000}); e != "TxRateLimitExceeded" {
		t.Fatalf("359 blocks later: %q", e)
	}
}

func TestTriggerEpochErrors(t *testing.T) {
	owner := func(f *netFixture) AccountID { return f.owner }
	crOff := func(_ *testing.T, f *netFixture) { f.subnet(func(sn *state.Subnet) { sn.CommitRevealEnabled = false }) }
	te := func(net uint16) func(*testing.T, *netFixture) tx.Call {
		return func(_ *testing.T, f *netFixture) tx.Call {
			if net == here {
				net = uint16(f.n)
			}
			return tx.TriggerEpoch{Netuid: net}
		}
	}
	runCases(t, []regCase{
		{name: "ok", setup: crOff, signer: owner, call: te(here)},
		{name: "no subnet", setup: crOff, signer: owner, call: te(60), want: "SubnetNotExists"},
		{name: "not owner", setup: crOff, call: te(here), want: "BadOrigin"},
		{name: "commit reveal", signer: owner, call: te(here), want: "DynamicTempoBlockedByCommitReveal"},
		{name: "pending", setup: func(t *testing.T, f *netFixture) {
			crOff(t, f)
			f.emission(func(em *state.Emission) { em.PendingEpochAt = f.block + 3 })
		}, signer: owner, call: te(here), want: "EpochTriggerAlreadyPending"},
		{name: "rate limit", setup: func(t *testing.T, f *netFixture) {
			crOff(t, f)
			f.s.ParamSet.Set(state.ParamKey{Net: f.n, Param: triggerEpochParamID}, f.block-1)
		}, signer: owner, call: te(here), want: "TxRateLimitExceeded"},
	})
	f := newNetFixture(t)
	crOff(t, f)
	if e := callAs(t, f.s, 30, f.owner, tx.TriggerEpoch{Netuid: uint16(f.n)}); e != "" {
		t.Fatal(e)
	}
	em, _ := f.s.Emissions.Get(f.n)
	if em.PendingEpochAt != 30+f.s.P().AdminFreezeWindow || !shouldRunEpoch(f.s, f.n, 40) || shouldRunEpoch(f.s, f.n, 39) {
		t.Fatalf("pending at %d", em.PendingEpochAt)
	}
}
