package query

import (
	"slices"

	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// Fees is the transaction fee rule with its parameters: a call that pays
// is charged base_fee + byte_fee × the size in bytes of the encoded signed
// transaction; the calls in free (weights, commits, serving, take
// changes: subtensor's Pays::No) are charged nothing. Every other call
// name pays. The fee is taken from the signer's free balance.
type Fees struct {
	Height  uint64   `json:"height"`
	BaseFee uint64   `json:"base_fee"` // RAO per paid call (TxBaseFee)
	ByteFee uint64   `json:"byte_fee"` // RAO per byte of the signed transaction (TxByteFee)
	Free    []string `json:"free"`     // call names that pay no fee
}

// Fee is the fee of a signed transaction of size bytes carrying call: the
// chain's rule (chain.Fee) on these parameters.
func (f *Fees) Fee(call string, size int) uint64 {
	if slices.Contains(f.Free, call) {
		return 0
	}
	return f.BaseFee + f.ByteFee*uint64(size)
}

// ReadFees returns the fee parameters in force at r.
func ReadFees(r store.Reader) (*Fees, error) {
	h, err := headHeight(r)
	if err != nil {
		return nil, err
	}
	p, ok, err := tables.Params.Read(r, struct{}{})
	if err != nil {
		return nil, err
	}
	if !ok {
		p = state.DefaultParams()
	}
	f := &Fees{Height: h, BaseFee: p.TxBaseFee, ByteFee: p.TxByteFee, Free: []string{}}
	for _, name := range tx.CallNames() {
		if !runtime.PaysFee(name) {
			f.Free = append(f.Free, name)
		}
	}
	return f, nil
}
