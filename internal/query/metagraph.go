package query

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sync"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

// ReadMetagraph returns subnet n's metagraph.
//
// It reads in key order rather than uid by uid: one ordered pass over the
// subnet's neurons, then the owners and stake pools of its hotkeys in
// hotkey order through scanPrefixes (one cursor walk, re-seeking only over
// long gaps), and, when asked, one pass each over the weight and bond rows.
// Values are decoded through caches keyed by their raw bytes, so a re-read
// of unchanged records costs a byte comparison.
func ReadMetagraph(r store.Reader, n uint16, o MetagraphOptions) (*Metagraph, error) {
	mg := new(Metagraph)
	if err := ReadMetagraphInto(mg, r, n, o); err != nil {
		return nil, err
	}
	return mg, nil
}

// ReadMetagraphInto is ReadMetagraph into mg, reusing the memory of its
// neurons (a server answering many metagraph reads recycles it instead of
// allocating a large slice per read). mg is overwritten entirely; on an
// error its contents are unspecified.
func ReadMetagraphInto(mg *Metagraph, r store.Reader, n uint16, o MetagraphOptions) error {
	net := state.NetUID(n)
	s, err := mini(r, net)
	if err != nil {
		return err
	}
	head, err := ReadHead(r)
	if err != nil {
		return err
	}
	sub, err := subnetFrom(s, net, head.Height)
	if err != nil {
		return err
	}
	p, price := s.P(), runtime.Price(s, net)
	em, _ := s.Emissions.Get(net)
	mg.Height, mg.Subnet, mg.Neurons = head.Height, sub, resize(mg.Neurons, int(em.N))
	if em.N == 0 {
		return nil
	}
	nus := mg.Neurons
	if err := readNeurons(r, net, nus); err != nil {
		return err
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	// byKey lists the uids in hotkey order (a hotkey holds one uid per
	// subnet; duplicates are tolerated and all filled).
	sc.byKey = resize(sc.byKey, len(nus))
	byKey := sc.byKey
	for i := range byKey {
		byKey[i] = uint16(i)
	}
	slices.SortFunc(byKey, func(a, b uint16) int { return bytes.Compare(nus[a].Hotkey[:], nus[b].Hotkey[:]) })
	if err := readOwners(r, sc, nus, p); err != nil {
		return err
	}
	var pools []state.StakePool
	if o.Stakers {
		pools = make([]state.StakePool, len(nus))
	}
	if err := readStakes(r, sc, net, nus, p, price, pools); err != nil {
		return err
	}
	if o.Weights {
		if err := readRows(r, tables.Weights, net, mg.Neurons, func(nu *Neuron, row []Weight) { nu.Weights = row }); err != nil {
			return err
		}
	}
	if o.Bonds {
		if err := readRows(r, tables.Bonds, net, mg.Neurons, func(nu *Neuron, row []Weight) { nu.Bonds = row }); err != nil {
			return err
		}
	}
	if o.Stakers {
		if err := readAllStakers(r, sc, net, nus, pools); err != nil {
			return err
		}
	}
	return nil
}

var (
	// errStop ends a store walk early.
	errStop = errors.New("stop")
	// errKeyLayout means a table's store keys are not laid out as the
	// state package documents (NetPrefix, HotkeyPrefix).
	errKeyLayout = errors.New("unexpected state key layout")
)

// tableKey returns t's store key for k (the table prefix byte and the
// encoded key), through a probe reader.
func tableKey[K comparable, V any](t *state.Table[K, V], k K) []byte {
	var p keyProbe
	_, _, _ = t.Read(&p, k)
	return p.key
}

// scratch is a metagraph read's working memory, reused across reads.
type scratch struct {
	byKey []uint16 // uids in hotkey order
	keys  [][]byte // store key prefixes, in byKey order
	arena []byte   // the keys' bytes
	root  []uint64 // root stake by uid
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// resize returns s with length n and zero elements, reusing its memory;
// never nil.
func resize[T any](s []T, n int) []T {
	if s == nil || cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// hotkeyKeys sets sc.keys to, for each uid in sc.byKey order, the store
// prefix of a table's entries for the uid's hotkey (and net, when
// withNet): the table's prefix byte, HotkeyPrefix and NetPrefix. full is
// the table's key for the first uid, taken by a probe: it gives the prefix
// byte and checks the layout.
func hotkeyKeys(sc *scratch, full []byte, nus []Neuron, net state.NetUID, withNet bool) error {
	n := 1 + 32
	if withNet {
		n += 2
	}
	sc.arena = resize(sc.arena, n*len(sc.byKey))[:0]
	sc.keys = resize(sc.keys, len(sc.byKey))
	for i, uid := range sc.byKey {
		off := len(sc.arena)
		sc.arena = append(sc.arena, full[0])
		sc.arena = append(sc.arena, nus[uid].Hotkey[:]...)
		if withNet {
			sc.arena = binary.BigEndian.AppendUint16(sc.arena, uint16(net))
		}
		sc.keys[i] = sc.arena[off:len(sc.arena):len(sc.arena)]
	}
	if len(sc.keys) > 0 && !bytes.HasPrefix(full, sc.keys[0]) {
		return fmt.Errorf("%w: key %x, prefix %x", errKeyLayout, full, sc.keys[0])
	}
	return nil
}

// readNeurons fills every uid's neuron fields from one ordered pass over
// the subnet's neurons and its epoch outputs record. Uids are dense
// (0…N−1, as subtensor keeps them).
func readNeurons(r store.Reader, net state.NetUID, out []Neuron) error {
	var outs state.EpochOutputs
	okey := tableKey(tables.Outputs, net)
	raw, ok, err := r.Get(okey)
	if err != nil {
		return err
	}
	if ok {
		if outs, err = outputCache.decode(okey, raw, net); err != nil {
			return err
		}
	}
	prefix := tableKey(tables.Neurons, state.NeuronKey{Net: net})
	prefix = prefix[:len(prefix)-2] // less the uid
	next := 0
	err = r.Iterate(store.Prefix(prefix), func(k, v []byte) error {
		if len(k) != len(prefix)+2 {
			return fmt.Errorf("neuron key %x: %w", k, errKeyLayout)
		}
		uid := int(binary.BigEndian.Uint16(k[len(prefix):]))
		if uid >= len(out) {
			return errStop
		}
		if uid != next {
			return fmt.Errorf("subnet %d uid %d below num_uids has no neuron: %w", net, next, ErrNotFound)
		}
		next++
		nr, err := neuronCache.decode(k, v, state.NeuronKey{Net: net, UID: uint16(uid)})
		if err != nil {
			return err
		}
		o := outs.At(uint16(uid))
		out[uid] = Neuron{
			UID: uint16(uid), Hotkey: Address(nr.Hotkey), Active: o.Active, ValidatorPermit: o.ValidatorPermit,
			BlockAtRegistration: nr.BlockAtRegistration, LastUpdate: nr.LastUpdate, Emission: o.Emission,
			Incentive: o.Incentive, Consensus: o.Consensus, Dividends: o.Dividends, ValidatorTrust: o.ValidatorTrust,
			StakeWeight: o.StakeWeight, Axon: axonOf(nr.Axon), Prometheus: axonOf(nr.Prometheus),
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	if next < len(out) {
		return fmt.Errorf("subnet %d uid %d below num_uids has no neuron: %w", net, next, ErrNotFound)
	}
	return nil
}

// readOwners fills each uid's coldkey and delegate take from the Hotkeys
// table, walked in hotkey order.
func readOwners(r store.Reader, sc *scratch, nus []Neuron, p state.Params) error {
	if err := hotkeyKeys(sc, tableKey(tables.Hotkeys, nus[sc.byKey[0]].Hotkey.ID()), nus, 0, false); err != nil {
		return err
	}
	for i := range nus {
		nus[i].Take = p.DefaultTake // a hotkey without a record has the default take
	}
	keys, byKey := sc.keys, sc.byKey
	return scanPrefixes(r, keys, func(i int, k, v []byte) error {
		if len(k) != len(keys[i]) {
			return nil
		}
		hk, err := hotkeyCache.decode(k, v, nus[byKey[i]].Hotkey.ID())
		if err != nil {
			return err
		}
		for _, u := range sameKey(keys, byKey, i) {
			nu := &nus[u]
			nu.Coldkey = Address(hk.Owner)
			if hk.TakeSet {
				nu.Take = hk.Take
			}
		}
		return nil
	})
}

// sameKey returns the uids whose key equals keys[i] (byKey[i] and any
// duplicates right after it).
func sameKey(keys [][]byte, byKey []uint16, i int) []uint16 {
	j := i + 1
	for j < len(keys) && bytes.Equal(keys[j], keys[i]) {
		j++
	}
	return byKey[i:j]
}

// readStakes fills each uid's alpha and root stake from its hotkey's stake
// pools, walking the Stakes table (keyed hotkey, then subnet) once in
// hotkey order: a hotkey's pools on root and on this subnet sit under one
// prefix. pools, when not nil, receives each uid's pool on the subnet.
func readStakes(r store.Reader, sc *scratch, net state.NetUID, nus []Neuron, p state.Params, price fixed.U64F64, pools []state.StakePool) error {
	full := tableKey(tables.Stakes, state.HotkeyNet{Hotkey: nus[sc.byKey[0]].Hotkey.ID()})
	if err := hotkeyKeys(sc, full, nus, 0, false); err != nil { // the hotkey's pools on every subnet
		return err
	}
	sc.root = resize(sc.root, len(nus))
	keys, byKey, root := sc.keys, sc.byKey, sc.root
	err := scanPrefixes(r, keys, func(i int, k, v []byte) error {
		if len(k) != len(keys[i])+2 {
			return nil
		}
		kn := state.NetUID(binary.BigEndian.Uint16(k[len(keys[i]):]))
		if kn != net && kn != state.RootNet {
			return nil
		}
		sp, err := stakeCache.decode(k, v, state.HotkeyNet{Hotkey: nus[byKey[i]].Hotkey.ID(), Net: kn})
		if err != nil {
			return err
		}
		for _, u := range sameKey(keys, byKey, i) {
			if kn == net {
				nu := &nus[u]
				nu.AlphaStake, nu.AlphaDividends, nu.AlphaLastEpoch = sp.Value, sp.AlphaDividends, sp.AlphaLastEpoch
				if pools != nil {
					pools[u] = sp
				}
			}
			if kn == state.RootNet {
				root[u] = sp.Value
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for uid := range nus {
		nu := &nus[uid]
		nu.AlphaStakeTAO = alphaToTAO(nu.AlphaStake, price, net)
		nu.RootStake, nu.TotalStake = nu.AlphaStake, nu.AlphaStake
		if net != state.RootNet {
			nu.RootStake = root[uid]
			if root[uid] > 0 {
				hi, _ := bits.Mul64(root[uid], p.TaoWeight) // root × tao_weight / 2^64
				nu.TotalStake = satAdd(nu.AlphaStake, hi)
			}
		}
	}
	return nil
}

// readRows sets each uid's weight or bond row (empty when absent) from one
// pass over the subnet's rows.
func readRows(r store.Reader, t *state.Table[state.NeuronKey, []state.WeightEntry], net state.NetUID, nus []Neuron, set func(*Neuron, []Weight)) error {
	rows := make([][]Weight, len(nus))
	err := t.ReadPrefix(r, state.NetPrefix(net), func(k state.NeuronKey, row []state.WeightEntry) error {
		if int(k.UID) >= len(nus) {
			return errStop
		}
		out := make([]Weight, len(row))
		for i, w := range row {
			out[i] = Weight{UID: w.UID, Value: w.Weight}
		}
		rows[k.UID] = out
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	for i, row := range rows {
		if row == nil {
			row = []Weight{}
		}
		set(&nus[i], row)
	}
	return nil
}

// readAllStakers lists each uid's stakers: the Shares table (keyed
// hotkey, subnet, coldkey) walked once in hotkey order.
func readAllStakers(r store.Reader, sc *scratch, net state.NetUID, nus []Neuron, pools []state.StakePool) error {
	full := tableKey(tables.Shares, state.ShareKey{Hotkey: nus[sc.byKey[0]].Hotkey.ID(), Net: net})
	if err := hotkeyKeys(sc, full, nus, net, true); err != nil { // less the coldkey
		return err
	}
	keys, byKey := sc.keys, sc.byKey
	return scanPrefixes(r, keys, func(i int, k, v []byte) error {
		if len(k) != len(keys[i])+32 {
			return nil
		}
		var ck state.AccountID
		copy(ck[:], k[len(keys[i]):])
		share, _, err := tables.Shares.Read(&keyProbe{raw: v}, state.ShareKey{Hotkey: nus[byKey[i]].Hotkey.ID(), Net: net, Coldkey: ck})
		if err != nil {
			return err
		}
		for _, u := range sameKey(keys, byKey, i) {
			nus[u].Stakers = append(nus[u].Stakers, Staker{Coldkey: Address(ck), Alpha: shareValue(pools[u], share)})
		}
		return nil
	})
}

// maxSkip is how many unwanted entries scanPrefixes steps over before it
// seeks again: a cursor step costs a small fraction of a seek.
const maxSkip = 16

// errReseek restarts a walk at the next wanted prefix.
var errReseek = errors.New("reseek")

// scanPrefixes calls fn for every entry whose key starts with one of
// prefixes, sorted ascending (equal prefixes are reported once, at their
// first index), with i the prefix's index. It walks the store in key
// order with one cursor while the wanted keys are dense, and seeks to the
// next prefix when more than maxSkip unwanted entries lie in between: the
// cost is at most that of one seek per prefix, and one pass when the
// prefixes cover most of the range.
func scanPrefixes(r store.Reader, prefixes [][]byte, fn func(i int, k, v []byte) error) error {
	if len(prefixes) == 0 {
		return nil
	}
	end := store.Prefix(prefixes[len(prefixes)-1]).End
	i := 0
	for i < len(prefixes) {
		skipped := 0
		err := r.Iterate(store.Range{Start: prefixes[i], End: end}, func(k, v []byte) error {
			for {
				p := prefixes[i]
				if bytes.HasPrefix(k, p) {
					skipped = 0
					return fn(i, k, v)
				}
				if bytes.Compare(k, p) < 0 {
					if skipped++; skipped > maxSkip {
						return errReseek
					}
					return nil
				}
				// k is past every key starting with p: next prefix.
				for i++; i < len(prefixes) && bytes.Equal(prefixes[i], p); i++ {
				}
				if i == len(prefixes) {
					return errStop
				}
			}
		})
		switch {
		case errors.Is(err, errReseek):
			continue
		case errors.Is(err, errStop), err == nil:
			return nil
		default:
			return err
		}
	}
	return nil
}
