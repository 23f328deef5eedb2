package codec

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/vmihailenco/msgpack/v5"
)

const writeBufSize = 64 << 10

// Writer encodes records to a stream: JSON Lines (one compact value per line)
// or self-delimiting msgpack values. Output is buffered: call Flush when done.
// Errors are sticky. It is not safe for concurrent use.
type Writer struct {
	bw     *bufio.Writer
	format Format
	menc   *msgpack.Encoder
	jenc   *json.Encoder
	n      int
	err    error
}

// NewWriter returns a Writer that encodes records in format f to w.
func NewWriter(w io.Writer, f Format) *Writer {
	wr := &Writer{bw: bufio.NewWriterSize(w, writeBufSize), format: f}
	switch f {
	case JSON:
		wr.jenc = json.NewEncoder(wr.bw)
		wr.jenc.SetEscapeHTML(false)
	default:
		wr.format = Msgpack
		wr.menc = msgpack.NewEncoder(wr.bw)
		wr.menc.SetCustomStructTag("json")
		wr.menc.UseCompactInts(true)
	}
	return wr
}

// Format returns the Writer's format.
func (w *Writer) Format() Format { return w.format }

// Count returns the number of records written so far.
func (w *Writer) Count() int { return w.n }

// Write encodes one record.
func (w *Writer) Write(v any) error {
	if w.err != nil {
		return w.err
	}
	var err error
	if w.jenc != nil {
		err = w.jenc.Encode(v) // compact, '\n'-terminated
	} else {
		err = w.menc.Encode(v)
	}
	if err != nil {
		w.err = fmt.Errorf("encode record %d: %w", w.n, err)
		return w.err
	}
	w.n++
	return nil
}

// Flush writes buffered data to the underlying writer.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.bw.Flush(); err != nil {
		w.err = fmt.Errorf("write output: %w", err)
		return w.err
	}
	return nil
}
