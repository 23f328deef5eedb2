package output

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/taokit/taokit/internal/codec"
)

// TableRower is implemented by records that know how to show themselves as a
// table row. TableHeader is read from the first record.
type TableRower interface {
	TableHeader() []string
	TableRow() []string
}

// RowFunc turns a record into a table row.
type RowFunc func(v any) ([]string, error)

// Emitter writes records in one output format: JSON Lines or msgpack through
// a codec.Writer as they arrive, or a table rendered at Flush.
type Emitter struct {
	w      io.Writer
	format Format
	cw     *codec.Writer
	table  Table
	rowFn  RowFunc
}

// EmitterOption configures an Emitter.
type EmitterOption func(*Emitter)

// WithRows sets the table header and the function that turns a record into a
// row; it takes precedence over TableRower.
func WithRows(header []string, fn RowFunc) EmitterOption {
	return func(e *Emitter) { e.table.Header, e.rowFn = header, fn }
}

// WithAlign sets table column alignments (default AlignAuto).
func WithAlign(a ...Align) EmitterOption {
	return func(e *Emitter) { e.table.Align = a }
}

// NewEmitter returns an Emitter writing to w. FormatAuto is resolved against w
// (see Resolve).
func NewEmitter(w io.Writer, f Format, opts ...EmitterOption) *Emitter {
	e := &Emitter{w: w, format: Resolve(f, w)}
	if cf, ok := e.format.Codec(); ok {
		e.cw = codec.NewWriter(w, cf)
	}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Format returns the resolved output format.
func (e *Emitter) Format() Format { return e.format }

// Emit writes one record (table rows are kept until Flush).
func (e *Emitter) Emit(v any) error {
	if e.cw != nil {
		return e.cw.Write(v)
	}
	row, header, err := e.row(v)
	if err != nil {
		return err
	}
	if e.table.Header == nil {
		e.table.Header = header
	}
	e.table.Rows = append(e.table.Rows, row)
	return nil
}

func (e *Emitter) row(v any) (row, header []string, err error) {
	if e.rowFn != nil {
		row, err = e.rowFn(v)
		return row, nil, err
	}
	if tr, ok := v.(TableRower); ok {
		return tr.TableRow(), tr.TableHeader(), nil
	}
	return structRow(v)
}

// structRow shows a struct (or pointer to one) as its exported fields,
// headed by their json names.
func structRow(v any) (row, header []string, err error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, nil, fmt.Errorf("%w: %T", ErrNotTabular, v)
	}
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if !f.IsExported() || tag == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		header = append(header, name)
		row = append(row, fmt.Sprint(rv.Field(i).Interface()))
	}
	return row, header, nil
}

// Flush renders the table, or flushes the codec writer.
func (e *Emitter) Flush() error {
	if e.cw != nil {
		return e.cw.Flush()
	}
	if len(e.table.Rows) == 0 {
		return nil
	}
	err := e.table.Render(e.w)
	e.table.Rows = e.table.Rows[:0]
	return err
}
