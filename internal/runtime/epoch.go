package runtime

import (
	"fmt"
	"slices"
	"sync"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/yuma"
)

// EpochInput builds the yuma epoch input for subnet n from state: what
// subtensor's epoch_mechanism reads (yuma.md §3.1), with the inherited
// alpha and root stakes of every uid. It also returns the hotkey of each uid.
func EpochInput(s *state.State, n state.NetUID, block, emission uint64) (*yuma.Params, *yuma.State, []AccountID) {
	sn, _ := s.Subnets.Get(n)
	em, _ := s.Emissions.Get(n)
	p := s.P()
	size := int(em.N)
	params := &yuma.Params{
		N:                         size,
		Tempo:                     sn.Tempo,
		ActivityCutoffFactorMilli: sn.ActivityCutoffFactorMilli,
		KappaU16:                  sn.Kappa,
		BondsPenaltyU16:           sn.BondsPenalty,
		BondsMovingAverage:        sn.BondsMovingAverage,
		Yuma3:                     sn.Yuma3On,
		LiquidAlpha:               sn.LiquidAlphaOn,
		AlphaLowU16:               sn.AlphaLow,
		AlphaHighU16:              sn.AlphaHigh,
		AlphaSigmoidSteepness:     sn.AlphaSigmoidSteepness,
		MaxAllowedValidators:      sn.MaxAllowedValidators,
		StakeThreshold:            p.StakeThreshold,
		TaoWeightU64:              p.TaoWeight,
		LastMechanismStepBlock:    em.LastMechStepBlock,
		CommitRevealEnabled:       sn.CommitRevealEnabled,
		RaoEmission:               emission,
	}
	if uid, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: sn.OwnerHotkey}); ok && int(uid) < size {
		params.OwnerUID = &uid
	}
	alpha, tao, _ := StakeWeights(s, n)
	st := &yuma.State{
		Block:               block,
		Stake:               alpha,
		TaoStake:            tao,
		BlockAtRegistration: make([]uint64, size),
		LastUpdate:          make([]uint64, size),
		ValidatorPermit:     make([]bool, size),
		Weights:             make(yuma.Rows, size),
		Bonds:               make(yuma.Rows, size),
	}
	outs, _ := s.Outputs.Get(n)
	hotkeys := make([]AccountID, size)
	var commits []uint64
	if sn.CommitRevealEnabled {
		commits = make([]uint64, size)
	}
	for uid := 0; uid < size; uid++ {
		k := state.NeuronKey{Net: n, UID: uint16(uid)}
		nr, ok := s.Neurons.Get(k)
		if !ok {
			continue
		}
		hotkeys[uid] = nr.Hotkey
		st.BlockAtRegistration[uid] = nr.BlockAtRegistration
		st.LastUpdate[uid] = nr.LastUpdate
		st.ValidatorPermit[uid] = outs.At(uint16(uid)).ValidatorPermit
		st.Weights[uid] = pairsOf(s.Weights.GetOr(k, nil), size)
		st.Bonds[uid] = pairsOf(s.Bonds.GetOr(k, nil), size)
		if commits != nil {
			commits[uid] = firstLiveCommitBlock(s, n, nr.Hotkey, em.EpochIndex, sn.RevealPeriodEpochs)
		}
	}
	st.CommitBlocks = commits
	return params, st, hotkeys
}

// pairsOf converts a stored row, keeping only entries below n as the chain
// does when it reads weights and bonds.
func pairsOf(row []state.WeightEntry, n int) []yuma.Pair {
	if len(row) == 0 {
		return nil
	}
	out := make([]yuma.Pair, 0, len(row))
	for _, e := range row {
		if int(e.UID) < n {
			out = append(out, yuma.Pair{UID: e.UID, Value: e.Weight})
		}
	}
	return out
}

// firstLiveCommitBlock is the block of the first unexpired hash commit of
// hotkey (u64::MAX when none), for the commit-reveal weight mask.
func firstLiveCommitBlock(s *state.State, n state.NetUID, hotkey AccountID, epoch, reveal uint64) uint64 {
	for _, cm := range s.Commits.GetOr(state.NetHotkey{Net: n, Hotkey: hotkey}, nil) {
		if epoch > cm.CommitEpoch+reveal {
			continue // expired
		}
		return cm.CommitBlock
	}
	return ^uint64(0)
}

// HotkeyEmission is one hotkey's epoch result: alpha paid as incentive
// (server) and the dividend weight (validator).
type HotkeyEmission struct {
	Hotkey              AccountID
	Incentive, Dividend uint64
}

// runEpoch runs the epoch on subnet n with emission, stores its outputs
// (the metagraph terms, new permits and bonds) and returns the per-hotkey
// emissions in hotkey order.
// workspaces reuses epoch buffers across epochs (a Workspace is not safe for
// concurrent use; the pool hands each caller its own).
var workspaces = sync.Pool{New: func() any { return new(yuma.Workspace) }}

func runEpoch(c *Ctx, n state.NetUID, emission uint64) ([]HotkeyEmission, error) {
	s := c.S
	params, in, hotkeys := EpochInput(s, n, c.Block, emission)
	ws := workspaces.Get().(*yuma.Workspace)
	defer workspaces.Put(ws)
	out := new(yuma.Output)
	if err := ws.Epoch(params, in, out); err != nil {
		return nil, fmt.Errorf("epoch on subnet %d at block %d: %w", n, c.Block, err)
	}
	s.Outputs.Set(n, state.EpochOutputs{
		Active:          slices.Clone(out.Active[:params.N]),
		ValidatorPermit: slices.Clone(out.NewValidatorPermit[:params.N]),
		Emission:        slices.Clone(out.Emission[:params.N]),
		Incentive:       slices.Clone(out.Incentive[:params.N]),
		Consensus:       slices.Clone(out.Consensus[:params.N]),
		Dividends:       slices.Clone(out.Dividends[:params.N]),
		ValidatorTrust:  slices.Clone(out.ValidatorTrust[:params.N]),
		StakeWeight:     slices.Clone(out.StakeWeight[:params.N]),
	})
	res := make([]HotkeyEmission, 0, params.N)
	for uid := 0; uid < params.N; uid++ {
		k := state.NeuronKey{Net: n, UID: uint16(uid)}
		if !s.Neurons.Has(k) {
			continue
		}
		var row []yuma.Pair
		if uid < len(out.BondsStored) {
			row = out.BondsStored[uid]
		}
		if len(row) == 0 {
			s.Bonds.Delete(k)
		} else {
			stored := make([]state.WeightEntry, len(row))
			for i, p := range row {
				stored[i] = state.WeightEntry{UID: p.UID, Weight: p.Value}
			}
			s.Bonds.Set(k, stored)
		}
		res = append(res, HotkeyEmission{Hotkey: hotkeys[uid], Incentive: out.ServerEmission[uid], Dividend: out.ValidatorEmission[uid]})
	}
	sortByHotkey(res)
	c.Emit("EpochRan", "netuid", uint16(n), "block", c.Block, "emission", emission, "uids", params.N)
	return res, nil
}

func sortByHotkey(r []HotkeyEmission) {
	slices.SortFunc(r, func(a, b HotkeyEmission) int { return cmpAccount(a.Hotkey, b.Hotkey) })
}
