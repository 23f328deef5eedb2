package yuma

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Scenario is a sequence of epochs with actions between them, in the schema
// of the epoch cases of yuma-vectors.json.
type Scenario struct {
	ID           string `json:"id"`
	Params       Params `json:"params"`
	InitialState State  `json:"initial_state"`
	Steps        []Step `json:"steps"`
}

// Step applies its actions in order, then runs one epoch at Block.
type Step struct {
	Block   uint64   `json:"block"`
	Actions []Action `json:"actions"`
}

// Action is one state change; exactly one field is set.
type Action struct {
	SetWeights       *SetWeights       `json:"set_weights,omitempty"`
	ReplaceNeuron    *ReplaceNeuron    `json:"replace_neuron,omitempty"`
	ResetBondsColumn *ResetBondsColumn `json:"reset_bonds_column,omitempty"`
	SetParam         *SetParam         `json:"set_param,omitempty"`
	// SetLastUpdate replaces the whole last_update vector.
	SetLastUpdate []uint64 `json:"set_last_update,omitempty"`
}

// SetWeights stores Row (already max-upscaled, in the given order) as uid's
// weights and sets last_update[uid] = AtBlock.
type SetWeights struct {
	UID     uint16 `json:"uid"`
	Row     []Pair `json:"row"`
	AtBlock uint64 `json:"at_block"`
}

// ReplaceNeuron re-registers uid at AtBlock (replace_neuron + clear_neuron):
// registration and last-update blocks set, its weight and bond rows deleted,
// weights pointing at it zeroed (entries kept), permit cleared, stake set.
type ReplaceNeuron struct {
	UID      uint16 `json:"uid"`
	AtBlock  uint64 `json:"at_block"`
	NewStake uint64 `json:"new_stake"`
}

// ResetBondsColumn deletes column Col from every bond row (do_reset_bonds).
type ResetBondsColumn struct {
	Col uint16 `json:"col"`
}

// SetParam sets the parameter named by its JSON name ("kappa_u16", …).
type SetParam struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

// Apply applies one action to p and s.
func Apply(p *Params, s *State, a *Action) error {
	kinds := 0
	for _, set := range []bool{a.SetWeights != nil, a.ReplaceNeuron != nil,
		a.ResetBondsColumn != nil, a.SetParam != nil, a.SetLastUpdate != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return &FieldError{Field: "action", Msg: fmt.Sprintf("want exactly one action kind, got %d", kinds), Kind: ErrBadAction}
	}
	n := p.N
	switch {
	case a.SetWeights != nil:
		sw := a.SetWeights
		if int(sw.UID) >= n {
			return badAction("set_weights.uid", "uid %d not below n = %d", sw.UID, n)
		}
		for len(s.Weights) <= int(sw.UID) {
			s.Weights = append(s.Weights, nil)
		}
		s.Weights[sw.UID] = append([]Pair(nil), sw.Row...)
		setLastUpdate(s, n, int(sw.UID), sw.AtBlock)
	case a.ReplaceNeuron != nil:
		rn := a.ReplaceNeuron
		uid := int(rn.UID)
		if uid >= n {
			return badAction("replace_neuron.uid", "uid %d not below n = %d", uid, n)
		}
		if uid < len(s.BlockAtRegistration) {
			s.BlockAtRegistration[uid] = rn.AtBlock
		}
		setLastUpdate(s, n, uid, rn.AtBlock)
		if uid < len(s.Weights) {
			s.Weights[uid] = nil
		}
		for i, row := range s.Weights {
			for k := range row {
				if int(row[k].UID) == uid {
					s.Weights[i][k].Value = 0
				}
			}
		}
		if uid < len(s.Bonds) {
			s.Bonds[uid] = nil
		}
		if uid < len(s.ValidatorPermit) {
			s.ValidatorPermit[uid] = false
		}
		if uid < len(s.Stake) {
			s.Stake[uid] = rn.NewStake
		}
		if uid < len(s.TaoStake) {
			s.TaoStake[uid] = 0
		}
	case a.ResetBondsColumn != nil:
		col := a.ResetBondsColumn.Col
		for i, row := range s.Bonds {
			kept := row[:0]
			for _, e := range row {
				if e.UID != col {
					kept = append(kept, e)
				}
			}
			s.Bonds[i] = kept
		}
	case a.SetParam != nil:
		return setParam(p, a.SetParam)
	default:
		s.LastUpdate = append([]uint64(nil), a.SetLastUpdate...)
	}
	return nil
}

func badAction(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...), Kind: ErrBadAction}
}

// setLastUpdate sets last_update[uid], padding the vector with 0 up to n.
func setLastUpdate(s *State, n, uid int, block uint64) {
	for len(s.LastUpdate) < n {
		s.LastUpdate = append(s.LastUpdate, 0)
	}
	s.LastUpdate[uid] = block
}

// setParam sets one parameter by JSON name, with the field's own decoding.
func setParam(p *Params, sp *SetParam) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return err
	}
	if _, ok := fields[sp.Name]; !ok && sp.Name != "activity_cutoff_blocks" {
		return badAction("set_param.name", "unknown parameter %q", sp.Name)
	}
	if len(sp.Value) == 0 {
		return badAction("set_param.value", "missing value for %q", sp.Name)
	}
	fields[sp.Name] = sp.Value
	raw, err = json.Marshal(fields)
	if err != nil {
		return err
	}
	var np Params
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&np); err != nil {
		return badAction("set_param.value", "%s: %v", sp.Name, err)
	}
	if (sp.Name == "tempo" || sp.Name == "activity_cutoff_factor_milli") && np.ActivityCutoffBlocks != nil {
		c := cutoffFromFactor(np.ActivityCutoffFactorMilli, np.Tempo)
		np.ActivityCutoffBlocks = &c
	}
	*p = np
	return nil
}

// Advance makes s the state the next epoch reads after an epoch produced
// out: the new permits become the permits, the stored bonds the bonds.
func Advance(s *State, out *Output) {
	s.ValidatorPermit = append(s.ValidatorPermit[:0], out.NewValidatorPermit...)
	s.Bonds = out.BondsStored.Clone()
}

// Runner runs a scenario step by step.
type Runner struct {
	Params Params
	State  State
	ws     Workspace
}

// NewRunner starts sc from a copy of its initial state.
func NewRunner(sc *Scenario) *Runner {
	return &Runner{Params: sc.Params, State: sc.InitialState.Clone()}
}

// Step applies st's actions, runs the epoch at st.Block and advances the state.
func (r *Runner) Step(st *Step) (*Output, error) {
	for k := range st.Actions {
		if err := Apply(&r.Params, &r.State, &st.Actions[k]); err != nil {
			return nil, fmt.Errorf("action %d: %w", k, err)
		}
	}
	r.State.Block = st.Block
	out := new(Output)
	if err := r.ws.Epoch(&r.Params, &r.State, out); err != nil {
		return nil, err
	}
	Advance(&r.State, out)
	return out, nil
}

// SetTrace makes the following steps record their intermediates in t.
func (r *Runner) SetTrace(t *Trace) { r.ws.Trace = t }
