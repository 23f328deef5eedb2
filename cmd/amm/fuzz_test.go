package main

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/taokit/taokit/internal/codec"
)

type discard struct{ n int }

func (d *discard) Emit(any) error { d.n++; return nil }

// FuzzRunScenarios: arbitrary input never panics or loops; a failure is a
// *codec.RecordError that maps to exit 10.
func FuzzRunScenarios(f *testing.F) {
	f.Add([]byte(`{"id":"a","tao_reserve":1000000000,"alpha_reserve":4000000000,"ops":[{"buy_tao":1000},{"sell_alpha":5,"limit_price_rao":1},{"inject":{"tao":1,"alpha":2}}]}`))
	f.Add([]byte(`{"id":"b","tao_reserve":1000,"alpha_reserve":1000,"quote_weight_parts":10000000000000000,"fee_rate":10000,"ops":[{"buy_tao":1000000,"drop_fees":true,"simulate":true}]}`))
	f.Add([]byte(`{"id":"c","tao_reserve":1,"alpha_reserve":1,"curve":"constant_product","ops":[{"sell_alpha":18446744073709551615}]}`))
	f.Add([]byte(`{"id":"d","tao_reserve":1,"alpha_reserve":4,"init_price":"0.2","ops":[]}`))
	f.Add([]byte("\x81\xa2id\xa1x"))
	f.Add([]byte(`{"id":`))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 4096 {
			return
		}
		err := runScenarios(bytes.NewReader(in), &discard{})
		if err == nil {
			return
		}
		var re *codec.RecordError
		if !errors.As(err, &re) && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("error is not a record error: %v", err)
		}
		if !errors.Is(err, codec.ErrMalformed) && !errors.Is(err, codec.ErrTruncated) {
			t.Fatalf("error does not map to exit 10: %v", err)
		}
	})
}
