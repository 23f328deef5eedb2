package query

import (
	"fmt"
	"math/big"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

// refReadMetagraph is the metagraph read uid by uid with point reads (the
// original implementation): the reference ReadMetagraph must agree with.
func refReadMetagraph(r store.Reader, n uint16, o MetagraphOptions) (*Metagraph, error) {
	net := state.NetUID(n)
	s, err := mini(r, net)
	if err != nil {
		return nil, err
	}
	head, err := ReadHead(r)
	if err != nil {
		return nil, err
	}
	sub, err := subnetFrom(s, net, head.Height)
	if err != nil {
		return nil, err
	}
	p, price := s.P(), runtime.Price(s, net)
	em, _, err := tables.Emissions.Read(r, net)
	if err != nil {
		return nil, err
	}
	mg := &Metagraph{Height: head.Height, Subnet: sub, Neurons: make([]Neuron, em.N)}
	for uid := range int(em.N) {
		if err := refReadNeuron(r, net, uint16(uid), p, price, o, &mg.Neurons[uid]); err != nil {
			return nil, err
		}
	}
	return mg, nil
}

// readNeuron fills nu with uid's fields and stake.
func refReadNeuron(r store.Reader, net state.NetUID, uid uint16, p state.Params, price fixed.U64F64, o MetagraphOptions, nu *Neuron) error {
	key := state.NeuronKey{Net: net, UID: uid}
	v, ok, err := tables.Neurons.Read(r, key)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("subnet %d uid %d below num_uids has no neuron: %w", net, uid, ErrNotFound)
	}
	outs, _, err := tables.Outputs.Read(r, net)
	if err != nil {
		return err
	}
	eo := outs.At(uid)
	*nu = Neuron{
		UID: uid, Hotkey: Address(v.Hotkey), Active: eo.Active, ValidatorPermit: eo.ValidatorPermit,
		BlockAtRegistration: v.BlockAtRegistration, LastUpdate: v.LastUpdate, Emission: eo.Emission,
		Incentive: eo.Incentive, Consensus: eo.Consensus, Dividends: eo.Dividends, ValidatorTrust: eo.ValidatorTrust,
		StakeWeight: eo.StakeWeight, Axon: axonOf(v.Axon), Prometheus: axonOf(v.Prometheus),
	}
	hk, _, err := tables.Hotkeys.Read(r, v.Hotkey)
	if err != nil {
		return err
	}
	nu.Coldkey = Address(hk.Owner)
	nu.Take = hk.Take
	if !hk.TakeSet {
		nu.Take = p.DefaultTake
	}
	sp, _, err := tables.Stakes.Read(r, state.HotkeyNet{Hotkey: v.Hotkey, Net: net})
	if err != nil {
		return err
	}
	nu.AlphaStake, nu.AlphaDividends, nu.AlphaLastEpoch = sp.Value, sp.AlphaDividends, sp.AlphaLastEpoch
	nu.AlphaStakeTAO = alphaToTAO(sp.Value, price, net)
	nu.RootStake, nu.TotalStake = sp.Value, sp.Value
	if net != state.RootNet {
		root, _, err := tables.Stakes.Read(r, state.HotkeyNet{Hotkey: v.Hotkey, Net: state.RootNet})
		if err != nil {
			return err
		}
		nu.RootStake = root.Value
		if root.Value > 0 {
			w := new(big.Int).Mul(new(big.Int).SetUint64(root.Value), new(big.Int).SetUint64(p.TaoWeight))
			nu.TotalStake = satAdd(nu.AlphaStake, w.Rsh(w, 64).Uint64())
		}
	}
	if o.Weights {
		if nu.Weights, err = refReadRow(r, tables.Weights, key); err != nil {
			return err
		}
	}
	if o.Bonds {
		if nu.Bonds, err = refReadRow(r, tables.Bonds, key); err != nil {
			return err
		}
	}
	if o.Stakers {
		if nu.Stakers, err = refReadStakers(r, v.Hotkey, net, sp); err != nil {
			return err
		}
	}
	return nil
}

func refReadRow(r store.Reader, t *state.Table[state.NeuronKey, []state.WeightEntry], k state.NeuronKey) ([]Weight, error) {
	row, _, err := t.Read(r, k)
	if err != nil {
		return nil, err
	}
	out := make([]Weight, len(row))
	for i, w := range row {
		out[i] = Weight{UID: w.UID, Value: w.Weight}
	}
	return out, nil
}

// readStakers lists the coldkeys staking to (hotkey, net).
func refReadStakers(r store.Reader, hk AccountID, net state.NetUID, pool state.StakePool) ([]Staker, error) {
	var out []Staker
	prefix := append(state.HotkeyPrefix(hk), byte(net>>8), byte(net))
	err := tables.Shares.ReadPrefix(r, prefix, func(k state.ShareKey, share state.SafeFloat) error {
		out = append(out, Staker{Coldkey: Address(k.Coldkey), Alpha: shareValue(pool, share)})
		return nil
	})
	return out, err
}
