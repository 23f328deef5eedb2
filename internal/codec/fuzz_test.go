package codec

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzReader checks that arbitrary input never panics, never loops and only
// yields clean EOF or a classified *RecordError. Seeds (msgpack and JSON) are
// in testdata/fuzz/FuzzReader.
func FuzzReader(f *testing.F) {
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mk := range []func() any{
			func() any { return new(testRec) },
			func() any { return new(any) },
			func() any { return new(u128Holder) },
		} {
			r := NewReader(bytes.NewReader(data))
			n := 0
			for {
				err := r.Next(mk())
				if err == io.EOF {
					break
				}
				if err != nil {
					var re *RecordError
					if !errors.As(err, &re) || re.Index != n {
						t.Fatalf("error %v: want *RecordError at index %d", err, n)
					}
					if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTruncated) {
						t.Fatalf("unclassified error: %v", err)
					}
					if err2 := r.Next(mk()); err2 != err {
						t.Fatalf("error not sticky: %v then %v", err, err2)
					}
					break
				}
				n++
				if n > len(data)+1 {
					t.Fatalf("%d records from %d bytes", n, len(data))
				}
			}
		}
	})
}
