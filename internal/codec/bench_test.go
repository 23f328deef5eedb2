package codec

import (
	"bytes"
	"io"
	"testing"
)

// benchRec encodes to 50 bytes of msgpack (map with 5 fields).
type benchRec struct {
	NetUID uint16 `json:"netuid"`
	UID    uint16 `json:"uid"`
	Block  uint64 `json:"block"`
	Stake  uint64 `json:"stake"`
	Hotkey string `json:"hk"`
}

var benchValue = benchRec{NetUID: 3, UID: 200, Block: 4_000_000, Stake: 1_500_000_000_000, Hotkey: "5Grwv"}

func TestBenchRecordSize(t *testing.T) {
	if n := len(msgpackOf(t, benchValue)); n != 50 {
		t.Fatalf("bench record is %d bytes of msgpack, want 50", n)
	}
}

func benchWrite(b *testing.B, f Format) {
	w := NewWriter(io.Discard, f)
	b.SetBytes(int64(len(encodeOne(b, f))))
	b.ReportAllocs()
	for b.Loop() {
		if err := w.Write(benchValue); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
}

func encodeOne(b *testing.B, f Format) []byte {
	if f == JSON {
		return jsonOf(b, benchValue)
	}
	return msgpackOf(b, benchValue)
}

func benchRead(b *testing.B, f Format) {
	one := encodeOne(b, f)
	data := bytes.Repeat(one, 10000)
	b.SetBytes(int64(len(one)))
	b.ReportAllocs()
	r := NewReader(bytes.NewReader(data))
	var v benchRec
	for b.Loop() {
		err := r.Next(&v)
		if err == io.EOF {
			r = NewReader(bytes.NewReader(data))
			err = r.Next(&v)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if v != benchValue {
		b.Fatalf("decoded %+v", v)
	}
}

func BenchmarkWriteMsgpack(b *testing.B) { benchWrite(b, Msgpack) }
func BenchmarkReadMsgpack(b *testing.B)  { benchRead(b, Msgpack) }
func BenchmarkWriteJSON(b *testing.B)    { benchWrite(b, JSON) }
func BenchmarkReadJSON(b *testing.B)     { benchRead(b, JSON) }
