package validator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// StateVersion is the state file format version.
const StateVersion = 1

// State is what a validator keeps between rounds.
type State struct {
	Version        int            `json:"version"`
	Netuid         uint16         `json:"netuid"`
	Hotkey         string         `json:"hotkey"` // SS58
	Round          uint64         `json:"round"`
	LastRoundBlock uint64         `json:"last_round_block"`
	LastSetBlock   uint64         `json:"last_set_block"`
	Neurons        []NeuronState  `json:"neurons"` // sorted by uid
	Pending        *PendingCommit `json:"pending_commit,omitempty"`
}

// NeuronState is the moving average of one uid, bound to the hotkey that
// held the uid when it was scored.
type NeuronState struct {
	UID          uint16  `json:"uid"`
	Hotkey       string  `json:"hotkey"`
	EMA          float64 `json:"ema"`
	LastScore    float64 `json:"last_score"`
	Rounds       uint64  `json:"rounds"`
	UpdatedBlock uint64  `json:"updated_block"`
}

// PendingCommit is a commit whose reveal is still due. The salt is kept
// here and nowhere else: without it the weights can never be revealed.
type PendingCommit struct {
	Hash        string   `json:"hash"` // 0x hex
	Uids        []uint16 `json:"uids"`
	Values      []uint16 `json:"values"`
	Salt        []uint16 `json:"salt"`
	VersionKey  uint64   `json:"version_key"`
	CommitBlock uint64   `json:"commit_block"` // 0 until the commit was included
	RevealFrom  uint64   `json:"reveal_from"`  // first block the reveal is accepted in
	RevealUntil uint64   `json:"reveal_until"` // last block it is accepted in
}

// NewState returns an empty state for a validator.
func NewState(netuid uint16, hotkey string) *State {
	return &State{Version: StateVersion, Netuid: netuid, Hotkey: hotkey}
}

// Neuron returns the state of uid, if any.
func (s *State) Neuron(uid uint16) (*NeuronState, bool) {
	i, ok := slices.BinarySearchFunc(s.Neurons, uid, func(n NeuronState, u uint16) int { return int(n.UID) - int(u) })
	if !ok {
		return nil, false
	}
	return &s.Neurons[i], true
}

// upsert returns uid's state, creating it.
func (s *State) upsert(uid uint16) *NeuronState {
	i, ok := slices.BinarySearchFunc(s.Neurons, uid, func(n NeuronState, u uint16) int { return int(n.UID) - int(u) })
	if !ok {
		s.Neurons = slices.Insert(s.Neurons, i, NeuronState{UID: uid})
	}
	return &s.Neurons[i]
}

func (s *State) validate() error {
	if s.Version != StateVersion {
		return fmt.Errorf("unknown state version %d", s.Version)
	}
	for i, n := range s.Neurons {
		if i > 0 && n.UID <= s.Neurons[i-1].UID {
			return fmt.Errorf("neurons not sorted by uid at %d", i)
		}
		if math.IsNaN(n.EMA) || n.EMA < 0 || n.EMA > 1 {
			return fmt.Errorf("uid %d: ema %v outside [0,1]", n.UID, n.EMA)
		}
	}
	if p := s.Pending; p != nil && (len(p.Uids) != len(p.Values) || len(p.Salt) == 0) {
		return fmt.Errorf("pending commit malformed")
	}
	return nil
}

// LoadState reads the state file at path. A missing file gives a fresh
// state. A file that cannot be decoded is never overwritten: it is renamed
// to <path>.corrupt-<n> (the first free n) and a fresh state is returned
// with aside set to the new name, for the caller to report.
func LoadState(path string, netuid uint16, hotkey string) (st *State, aside string, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return NewState(netuid, hotkey), "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("read state: %w", err)
	}
	var s State
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	derr := dec.Decode(&s)
	if derr == nil && dec.More() {
		derr = errors.New("trailing data")
	}
	if derr == nil {
		derr = s.validate()
	}
	if derr != nil {
		for n := 1; ; n++ {
			aside = path + ".corrupt-" + strconv.Itoa(n)
			if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
				break
			}
		}
		if err := os.Rename(path, aside); err != nil {
			return nil, "", fmt.Errorf("move corrupt state %s aside (%v): %w", path, derr, err)
		}
		return NewState(netuid, hotkey), aside, nil
	}
	if s.Netuid != netuid || s.Hotkey != hotkey {
		return nil, "", fmt.Errorf("%w: %s is for netuid %d hotkey %s, not netuid %d hotkey %s",
			ErrStateMismatch, path, s.Netuid, s.Hotkey, netuid, hotkey)
	}
	return &s, "", nil
}

// Save writes the state atomically: a temporary file in the same
// directory, fsynced, renamed over path, and the directory fsynced.
func (s *State) Save(path string) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			_ = os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
