package state

import (
	"fmt"

	"github.com/taokit/taokit/internal/store"
)

// State is the chain state in memory: typed tables loaded from a store,
// journaled so a failed call can be reverted, and flushed to a store batch
// at commit. It is not safe for concurrent use; queries read committed
// state through store readers instead (see the Read methods of Table).
type State struct {
	j      journal
	tables []flusher
	sc     scratch // Flush's buffers, kept between flushes

	StakingTables
	NeuronTables
	EmissionTables

	Meta     *Table[struct{}, Meta]
	Globals  *Table[struct{}, Globals]
	Params   *Table[struct{}, Params]
	Accounts *Table[AccountID, Account]

	Subnets   *Table[NetUID, Subnet]
	Pools     *Table[NetUID, Pool]
	Emissions *Table[NetUID, Emission]
	Neurons   *Table[NeuronKey, Neuron]
	Uids      *Table[NetHotkey, uint16]
	Weights   *Table[NeuronKey, []WeightEntry]
	Bonds     *Table[NeuronKey, []WeightEntry]
	Commits   *Table[NetHotkey, []WeightCommit]
	ParamSet  *Table[ParamKey, uint64] // last block an owner changed a hyperparameter

	Hotkeys  *Table[AccountID, Hotkey]
	Coldkeys *Table[AccountID, Coldkey]
	Stakes   *Table[HotkeyNet, StakePool]
	Shares   *Table[ShareKey, SafeFloat]
	Families *Table[HotkeyNet, Family]
	RootDivs *Table[HotkeyNet, RootClaim]
	Claimed  *Table[ShareKey, [2]uint64] // RootClaimed high-water mark (u128)
}

// New returns an empty state.
func New() *State {
	s := &State{}
	s.Meta = newDenseTable[struct{}, Meta](s, 'M', "meta", unitKey, unitIx, unitKx)
	s.Globals = newDenseTable[struct{}, Globals](s, 'g', "globals", unitKey, unitIx, unitKx)
	s.Params = newDenseTable[struct{}, Params](s, 'P', "params", unitKey, unitIx, unitKx)
	s.Accounts = newTable[AccountID, Account](s, 'a', "accounts", accountKey)
	s.Subnets = newDenseTable[NetUID, Subnet](s, 's', "subnets", netKey, netIx, netKx)
	s.Pools = newDenseTable[NetUID, Pool](s, 'p', "pools", netKey, netIx, netKx)
	s.Emissions = newDenseTable[NetUID, Emission](s, subnetRecordPrefix, "emissions", netKey, netIx, netKx)
	s.Neurons = newDenseTable[NeuronKey, Neuron](s, 'n', "neurons", neuronKey, neuronIx, neuronKx)
	s.Uids = newTable[NetHotkey, uint16](s, 'u', "uids", netHotkeyKey)
	s.Weights = newDenseTable[NeuronKey, []WeightEntry](s, 'w', "weights", neuronKey, neuronIx, neuronKx)
	s.Bonds = newDenseTable[NeuronKey, []WeightEntry](s, 'b', "bonds", neuronKey, neuronIx, neuronKx)
	s.Commits = newTable[NetHotkey, []WeightCommit](s, 'm', "commits", netHotkeyKey)
	s.ParamSet = newTable[ParamKey, uint64](s, 'y', "param_set", paramKey)
	s.Hotkeys = newTable[AccountID, Hotkey](s, 'h', "hotkeys", accountKey)
	s.Coldkeys = newTable[AccountID, Coldkey](s, 'c', "coldkeys", accountKey)
	s.Stakes = newTable[HotkeyNet, StakePool](s, 'k', "stakes", hotkeyNetKey)
	s.Shares = newTable[ShareKey, SafeFloat](s, 'x', "shares", shareKey)
	s.Families = newTable[HotkeyNet, Family](s, 'f', "families", hotkeyNetKey)
	s.RootDivs = newTable[HotkeyNet, RootClaim](s, 'r', "root_claimable", hotkeyNetKey)
	s.Claimed = newTable[ShareKey, [2]uint64](s, 'R', "root_claimed", shareKey)
	s.initStaking()
	s.initNeurons()
	s.initEmission()
	s.shareSubnetRecord()
	return s
}

// Load reads a whole state from r.
func Load(r store.Reader) (*State, error) {
	s := New()
	for _, t := range s.tables {
		if err := t.load(r); err != nil {
			return nil, fmt.Errorf("load state at height %d: %w", r.Height(), err)
		}
	}
	return s, nil
}

// Flush writes every entry changed since the last flush into b and forgets
// the undo log.
func (s *State) Flush(b *store.Batch) error {
	for _, t := range s.tables {
		if err := t.flush(b, &s.sc); err != nil {
			return err
		}
	}
	s.Discard()
	return nil
}

// Slot functions of the directly indexed tables.
func unitIx(struct{}) int { return 0 }
func unitKx(int) struct{} { return struct{}{} }
func netIx(n NetUID) int  { return int(n) }
func netKx(i int) NetUID  { return NetUID(i) }

func neuronIx(k NeuronKey) int { return int(k.Net)<<16 | int(k.UID) }
func neuronKx(i int) NeuronKey { return NeuronKey{Net: NetUID(i >> 16), UID: uint16(i)} }

// G returns the globals.
func (s *State) G() Globals { return s.Globals.GetOr(struct{}{}, Globals{}) }

// SetG stores the globals.
func (s *State) SetG(g Globals) { s.Globals.Set(struct{}{}, g) }

// P returns the chain parameters (DefaultParams until genesis sets them).
func (s *State) P() Params {
	if p, ok := s.Params.Get(struct{}{}); ok {
		return p
	}
	return DefaultParams()
}
