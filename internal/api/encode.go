package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/taokit/taokit/internal/query"
)

// bufPool recycles response buffers that the response cache did not keep.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// mgPool recycles metagraphs (their neuron slices) between reads.
var mgPool = sync.Pool{New: func() any { return new(query.Metagraph) }}

// maxPooledBuf bounds the buffers kept for reuse.
const maxPooledBuf = 16 << 20

func getBuf() *bytes.Buffer {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuf {
		bufPool.Put(b)
	}
}

// encode encodes v as JSON or msgpack per the Accept header and returns
// the body and its content type.
func encode(r *http.Request, v any) ([]byte, string, error) {
	return encodeTo(new(bytes.Buffer), r, v)
}

// encodeTo is encode into buf; the body aliases buf.
func encodeTo(buf *bytes.Buffer, r *http.Request, v any) ([]byte, string, error) {
	if wantsMsgpack(r) {
		err := marshalMsgpackTo(buf, v)
		return buf.Bytes(), MediaMsgpack, err
	}
	// json.Encoder writes what json.Marshal does, and a newline.
	err := json.NewEncoder(buf).Encode(v)
	return buf.Bytes(), MediaJSON, err
}

// marshalMsgpack encodes with the JSON field names.
func marshalMsgpack(v any) ([]byte, error) {
	var b bytes.Buffer
	err := marshalMsgpackTo(&b, v)
	return b.Bytes(), err
}

func marshalMsgpackTo(b *bytes.Buffer, v any) error {
	enc := msgpack.NewEncoder(b)
	enc.SetCustomStructTag("json")
	enc.UseCompactInts(true)
	if mg, ok := v.(*query.Metagraph); ok && mg != nil {
		return encodeMetagraph(enc, b, mg)
	}
	return enc.Encode(v)
}

// encodeMetagraph writes mg as enc's reflection would, with the neurons
// (nearly all of a metagraph's bytes) through Neuron.AppendMsgpack.
func encodeMetagraph(enc *msgpack.Encoder, b *bytes.Buffer, mg *query.Metagraph) error {
	b.Grow(1024 + 512*len(mg.Neurons))
	if err := enc.EncodeMapLen(3); err != nil {
		return err
	}
	if err := enc.EncodeString("height"); err != nil {
		return err
	}
	if err := enc.EncodeUint(mg.Height); err != nil {
		return err
	}
	if err := enc.EncodeString("subnet"); err != nil {
		return err
	}
	if err := enc.Encode(&mg.Subnet); err != nil {
		return err
	}
	if err := enc.EncodeString("neurons"); err != nil {
		return err
	}
	if mg.Neurons == nil {
		return enc.EncodeNil()
	}
	if err := enc.EncodeArrayLen(len(mg.Neurons)); err != nil {
		return err
	}
	for i := range mg.Neurons {
		b.Write(mg.Neurons[i].AppendMsgpack(b.AvailableBuffer()))
	}
	return nil
}
