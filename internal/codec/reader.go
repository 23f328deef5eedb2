package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/vmihailenco/msgpack/v5"
)

// ReaderOption configures a Reader.
type ReaderOption func(*Reader)

// DisallowUnknownFields sets whether a record field that matches no struct
// field is an error (default true).
func DisallowUnknownFields(on bool) ReaderOption {
	return func(r *Reader) { r.strict = on }
}

// WithFormat skips auto-detection and reads the stream as format f.
func WithFormat(f Format) ReaderOption {
	return func(r *Reader) { r.format, r.fixed = f, true }
}

// Reader decodes a stream of records (msgpack or JSON, detected from the
// first non-whitespace byte: '{' or '[' is JSON, anything else msgpack).
// It is not safe for concurrent use.
type Reader struct {
	src    *markReader
	strict bool
	fixed  bool
	format Format
	inited bool
	index  int
	err    error // sticky

	mdec2 *msgpack.Decoder // decodes one record from memory
	rawRd *bytes.Reader
	jdec  *json.Decoder
	raw   json.RawMessage
}

// NewReader returns a Reader over r. It buffers r; do not read r afterwards.
func NewReader(r io.Reader, opts ...ReaderOption) *Reader {
	rd := &Reader{src: newMarkReader(r), strict: true}
	for _, o := range opts {
		o(rd)
	}
	return rd
}

// Index returns the number of records decoded successfully so far.
func (r *Reader) Index() int { return r.index }

// Format returns the stream's format, detecting it if needed. An empty stream
// reports Msgpack with a nil error.
func (r *Reader) Format() (Format, error) {
	if err := r.init(); err != nil && !errors.Is(err, io.EOF) {
		return r.format, err
	}
	return r.format, nil
}

func (r *Reader) init() error {
	if r.inited {
		return nil
	}
	if !r.fixed {
		c, err := r.src.skipSpace()
		if err != nil {
			if err != io.EOF {
				return &RecordError{Index: 0, Err: fmt.Errorf("read input: %w", err)}
			}
			r.format = Msgpack
		} else if c == '{' || c == '[' {
			r.format = JSON
		}
	}
	r.inited = true
	switch r.format {
	case JSON:
		r.jdec = json.NewDecoder(r.src)
		r.jdec.UseNumber()
	default:
		r.format = Msgpack
		r.rawRd = bytes.NewReader(nil)
		r.mdec2 = msgpack.NewDecoder(r.rawRd)
		r.mdec2.SetCustomStructTag("json")
		r.mdec2.DisallowUnknownFields(r.strict)
	}
	return nil
}

// Next decodes the next record into v (a non-nil pointer). It returns io.EOF
// only at a clean end of stream. A stream cut inside a record gives a
// *RecordError wrapping ErrTruncated and io.ErrUnexpectedEOF; undecodable data
// gives a *RecordError wrapping ErrMalformed, naming the field where known.
// After any error other than io.EOF, Next keeps returning that error.
func (r *Reader) Next(v any) error {
	if r.err != nil {
		return r.err
	}
	if err := r.init(); err != nil {
		r.err = err
		return err
	}
	var err error
	if r.format == JSON {
		err = r.nextJSON(v)
	} else {
		err = r.nextMsgpack(v)
	}
	if err != nil {
		r.err = err
		return err
	}
	r.index++
	return nil
}

func truncated(index int, field string) error {
	return &RecordError{Index: index, Field: field, Err: &kindError{
		msg:  "truncated record: unexpected EOF",
		errs: []error{ErrTruncated, io.ErrUnexpectedEOF},
	}}
}

func (r *Reader) nextMsgpack(v any) error {
	// PeekCode rule (spec §2(d)): EOF before the first byte of a record is a
	// clean end; EOF anywhere inside a record is a truncation.
	r.src.setMark()
	if _, err := r.src.ReadByte(); err != nil {
		if err == io.EOF {
			return io.EOF
		}
		return &RecordError{Index: r.index, Err: fmt.Errorf("read input: %w", err)}
	}
	_ = r.src.UnreadByte()
	// Phase 1: skip over the record; the mark buffer keeps its bytes. The
	// skip allocates nothing per declared length and bounds nesting; once it
	// succeeds every declared array, map or string length is backed by real
	// bytes, so phase 2 cannot be made to preallocate more than the record's
	// size warrants (msgpack's interface{} decoding has no limit of its own).
	if err := skipMsgpack(r.src); err != nil {
		return r.msgpackErr(v, err, r.src.marked())
	}
	raw := r.src.marked()
	// Phase 2: decode from memory.
	r.rawRd.Reset(raw)
	if err := r.mdec2.Decode(v); err != nil {
		return r.msgpackErr(v, err, raw[:len(raw)-r.rawRd.Len()])
	}
	if r.rawRd.Len() != 0 { // cannot happen: Skip and Decode agree on value bounds
		return &RecordError{Index: r.index, Err: malformed("trailing bytes in record", nil)}
	}
	return nil
}

// msgpackErr classifies a decode error; consumed is the record's bytes up to
// and including the byte the decoder failed on.
func (r *Reader) msgpackErr(v any, err error, consumed []byte) error {
	if isEOF(err) {
		return truncated(r.index, "")
	}
	if r.src.ioErr != nil && errors.Is(err, r.src.ioErr) {
		return &RecordError{Index: r.index, Err: fmt.Errorf("read input: %w", err)}
	}
	field := ""
	if len(consumed) > 0 {
		field = msgpackFieldAt(consumed, len(consumed)-1)
	}
	msg := strings.TrimPrefix(err.Error(), "msgpack: ")
	if c, ok := invalidCode(msg); ok {
		if ft := fieldType(reflect.TypeOf(v), field); ft != nil {
			msg = fmt.Sprintf("cannot decode %s into %s", mpKind(c), ft)
		}
	}
	if name, ok := unknownFieldName(err.Error()); ok {
		msg = fmt.Sprintf("unknown field %q", name)
		if field == "" {
			field = name
		}
	}
	return &RecordError{Index: r.index, Field: field, Err: malformed(msg, err)}
}

func (r *Reader) nextJSON(v any) error {
	r.raw = r.raw[:0]
	if err := r.jdec.Decode(&r.raw); err != nil {
		if err == io.EOF {
			return io.EOF
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return truncated(r.index, "")
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &RecordError{Index: r.index, Err: malformed(jsonMsg(err), err)}
		}
		return &RecordError{Index: r.index, Err: fmt.Errorf("read input: %w", err)}
	}
	d := json.NewDecoder(bytes.NewReader(r.raw))
	d.UseNumber()
	if r.strict {
		d.DisallowUnknownFields()
	}
	err := d.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &RecordError{Index: r.index, Field: te.Field,
			Err: malformed(fmt.Sprintf("cannot decode %s into %s", te.Value, te.Type), err)}
	}
	if name, ok := unknownFieldName(err.Error()); ok {
		field := jsonKeyPath(r.raw, name)
		if field == "" {
			field = name
		}
		return &RecordError{Index: r.index, Field: field,
			Err: malformed(fmt.Sprintf("unknown field %q", name), err)}
	}
	return &RecordError{Index: r.index, Err: malformed(jsonMsg(err), err)}
}

func jsonMsg(err error) string { return strings.TrimPrefix(err.Error(), "json: ") }

// unknownFieldName extracts the key from `json: unknown field "x"` and
// `msgpack: unknown field "x"`.
func unknownFieldName(msg string) (string, bool) {
	const marker = "unknown field "
	i := strings.Index(msg, marker)
	if i < 0 {
		return "", false
	}
	q := msg[i+len(marker):]
	var name string
	if _, err := fmt.Sscanf(q, "%q", &name); err != nil {
		return "", false
	}
	return name, true
}
