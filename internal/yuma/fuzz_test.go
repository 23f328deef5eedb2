package yuma

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/big"
	"reflect"
	"testing"

	"github.com/taokit/taokit/internal/codec"
)

// epochInput is the record `yuma epoch` reads.
type epochInput struct {
	Params Params `json:"params"`
	State  State  `json:"state"`
}

// FuzzEpoch decodes random bytes as an epoch input record (JSON) and runs
// the epoch: it must never panic, must be deterministic, and its outputs
// must be in range. With a realistic total stake (below 2^63 RAO, so the
// chain's I64F64 sum cannot wrap) the emissions add up to at most the
// emission.
func FuzzEpoch(f *testing.F) {
	f.Add([]byte(`{"params":{"n":3,"rao_emission":1000},"state":{"block":5,"stake":[1,2,3],"block_at_registration":[0,0,0],"last_update":[5,5,5],"validator_permit":[true,true,false],"weights":{"0":[[2,65535]],"1":[[2,1],[0,5]]},"bonds":{"0":[[2,100]]}}}`))
	f.Add([]byte(`{"params":{"n":2,"yuma3":false},"state":{"block":1,"stake":[10,0],"block_at_registration":[0,1],"last_update":[1],"validator_permit":[true],"weights":{"0":[[1,7]]},"bonds":{}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := epochInput{Params: DefaultParams()}
		rd := codec.NewReader(bytes.NewReader(data), codec.WithFormat(codec.JSON))
		if err := rd.Next(&rec); err != nil {
			return
		}
		if rec.Params.N > 512 { // keep iterations fast; size is not the point here
			return
		}
		var ws Workspace
		var a, b Output
		errA := ws.Epoch(&rec.Params, &rec.State, &a)
		errB := ws.Epoch(&rec.Params, &rec.State, &b)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("nondeterministic error: %v / %v", errA, errB)
		}
		if errA != nil {
			if !errors.Is(errA, ErrInvalidInput) {
				t.Fatalf("error not marked invalid input: %v", errA)
			}
			return
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatal("nondeterministic output")
		}
		n := rec.Params.N
		for _, l := range []int{len(a.ServerEmission), len(a.ValidatorEmission), len(a.Emission), len(a.Consensus),
			len(a.Incentive), len(a.Dividends), len(a.ValidatorTrust), len(a.StakeWeight), len(a.NewValidatorPermit),
			len(a.Active), len(a.BondsStored)} {
			if l != n {
				t.Fatalf("output length %d, want %d", l, n)
			}
		}
		for i, row := range a.BondsStored {
			if len(row) > 0 && !a.NewValidatorPermit[i] {
				t.Fatalf("bond row %d without a permit", i)
			}
			for _, e := range row {
				if int(e.UID) >= n {
					t.Fatalf("bond column %d ≥ n", e.UID)
				}
			}
		}
		total := new(big.Int)
		for i := range n {
			total.Add(total, new(big.Int).SetUint64(rec.State.Stake[i]))
			if rec.State.TaoStake != nil {
				total.Add(total, new(big.Int).SetUint64(rec.State.TaoStake[i]))
			}
		}
		if total.Cmp(big.NewInt(math.MaxInt64)) < 0 {
			sum, comb := new(big.Int), new(big.Int)
			for i := range n {
				sum.Add(sum, new(big.Int).SetUint64(a.ServerEmission[i]))
				sum.Add(sum, new(big.Int).SetUint64(a.ValidatorEmission[i]))
				comb.Add(comb, new(big.Int).SetUint64(a.Emission[i]))
			}
			lim := new(big.Int).SetUint64(rec.Params.RaoEmission)
			if sum.Cmp(lim) > 0 || comb.Cmp(lim) > 0 {
				t.Fatalf("emissions %v / %v above %v", sum, comb, lim)
			}
		}
		if err := rd.Next(&rec); err != nil && !errors.Is(err, io.EOF) {
			return
		}
	})
}
