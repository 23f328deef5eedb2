package yuma

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// TestValidatorPermitVectors runs epoch_test_validator_permits: two epochs
// per subcase (stakes before and after the servers gain stake).
func TestValidatorPermitVectors(t *testing.T) {
	for path, doc := range loadVectors(t) {
		found := false
		for _, raw := range doc.EpochCases {
			var c struct {
				ID       string `json:"id"`
				Subcases []struct {
					N         int      `json:"n"`
					MaxVals   uint16   `json:"max_allowed_validators"`
					Threshold uint64   `json:"stake_threshold"`
					Stake1    []uint64 `json:"stake_epoch1"`
					Want1     []bool   `json:"expected_permits_after_epoch1"`
					Stake2    []uint64 `json:"stake_epoch2"`
					Want2     []bool   `json:"expected_permits_after_epoch2"`
				} `json:"subcases"`
			}
			mustJSON(t, raw, &c)
			if c.ID != "epoch_test_validator_permits" {
				continue
			}
			found = true
			for k, sc := range c.Subcases {
				p := DefaultParams()
				p.N, p.Tempo, p.Yuma3, p.MaxAllowedValidators, p.StakeThreshold = sc.N, 65534, true, sc.MaxVals, sc.Threshold
				p.TaoWeightU64, p.CommitRevealEnabled = 0, false
				s := State{Block: 1, Stake: sc.Stake1, BlockAtRegistration: make([]uint64, sc.N),
					LastUpdate: make([]uint64, sc.N), ValidatorPermit: make([]bool, sc.N)}
				var ws Workspace
				for e, want := range [][]bool{sc.Want1, sc.Want2} {
					if e == 1 {
						s.Stake = sc.Stake2
					}
					var out Output
					if err := ws.Epoch(&p, &s, &out); err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(out.NewValidatorPermit, want) {
						t.Errorf("%s: subcase %d epoch %d: permits %v, want %v", path, k, e+1, out.NewValidatorPermit, want)
					}
					Advance(&s, &out)
				}
			}
		}
		if !found {
			t.Errorf("%s: no validator permit case", path)
		}
	}
}

// TestGraph512Vector runs epoch_test_512_graph from its generator, with and
// without server self-weights and with validators interleaved.
func TestGraph512Vector(t *testing.T) {
	for path, doc := range loadVectors(t) {
		for _, raw := range doc.EpochCases {
			var c struct {
				ID        string `json:"id"`
				Generator struct {
					N              int    `json:"n"`
					ValidatorStake uint64 `json:"validator_stake"`
					Params         Params `json:"params"`
				} `json:"generator"`
				Expected struct {
					Validators struct {
						Consensus, Incentive, Dividends uint16
						Emission                        uint64
						BondToV0, BondToServer          uint16
					} `json:"validators"`
					Servers struct {
						Consensus, Incentive, Dividends uint16
						Emission                        uint64
						BondAny                         uint16
					} `json:"servers"`
				} `json:"expected"`
			}
			mustJSON(t, raw, &c)
			if c.ID != "epoch_test_512_graph" {
				continue
			}
			var e map[string]map[string]json.Number
			var full struct {
				Expected json.RawMessage `json:"expected"`
			}
			mustJSON(t, raw, &full)
			mustJSON(t, full.Expected, &e)
			num := func(class, key string) int64 { v, _ := e[class][key].Int64(); return v }
			for _, layout := range []string{"first", "interleaved"} {
				for _, selfWeights := range []bool{false, true} {
					name := fmt.Sprintf("%s/%s/self=%v", path, layout, selfWeights)
					n := c.Generator.N
					isVal := func(u int) bool { return u < 64 }
					if layout == "interleaved" {
						isVal = func(u int) bool { return u%8 == 3 }
					}
					firstVal := 0
					for !isVal(firstVal) {
						firstVal++
					}
					p := c.Generator.Params
					p.N, p.AlphaLowU16, p.AlphaHighU16, p.AlphaSigmoidSteepness = n, 45875, 58982, 1000
					s := State{Block: 1, BlockAtRegistration: make([]uint64, n), LastUpdate: make([]uint64, n),
						ValidatorPermit: make([]bool, n)}
					for u := range n {
						st := uint64(0)
						if isVal(u) {
							st = c.Generator.ValidatorStake
						}
						s.Stake = append(s.Stake, st)
					}
					var ws Workspace
					var out Output
					if err := ws.Epoch(&p, &s, &out); err != nil {
						t.Fatal(err)
					}
					Advance(&s, &out)
					s.Weights = make(Rows, n)
					for u := range n {
						if isVal(u) {
							for v := range n {
								if !isVal(v) {
									s.Weights[u] = append(s.Weights[u], Pair{uint16(v), 65535})
								}
							}
							s.LastUpdate[u] = 1
						} else if selfWeights {
							s.Weights[u] = []Pair{{uint16(u), 65535}}
							s.LastUpdate[u] = 1
						}
					}
					for epoch := range 3 {
						out = Output{}
						if err := ws.Epoch(&p, &s, &out); err != nil {
							t.Fatal(err)
						}
						Advance(&s, &out)
						for u := range n {
							class := "servers"
							if isVal(u) {
								class = "validators"
							}
							check := func(key string, got int64) {
								if want := num(class, key); got != want {
									t.Errorf("%s epoch %d uid %d %s: %s = %d, want %d", name, epoch, u, class, key, got, want)
								}
							}
							check("consensus_u16", int64(out.Consensus[u]))
							check("incentive_u16", int64(out.Incentive[u]))
							check("dividends_u16", int64(out.Dividends[u]))
							check("emission", int64(out.Emission[u]))
							if class == "validators" {
								check("bond_to_validator0_u16", int64(bondAt(&out, u, firstVal)))
								for v := range n {
									if !isVal(v) {
										check("bond_to_server_u16", int64(bondAt(&out, u, v)))
									}
								}
							} else {
								for v := range n {
									check("bond_any_u16", int64(bondAt(&out, u, v)))
								}
							}
						}
					}
				}
			}
		}
	}
}
