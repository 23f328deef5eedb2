package codec

import (
	"errors"
	"fmt"
)

// ErrMalformed marks input that cannot be decoded: bad syntax, a value of the
// wrong type, an unknown field or an invalid extension payload.
var ErrMalformed = errors.New("malformed input")

// ErrTruncated marks a stream that ends inside a record. Errors that carry it
// also match io.ErrUnexpectedEOF.
var ErrTruncated = errors.New("truncated record")

// ErrUnknownFormat is returned by ParseFormat for a name it does not know.
var ErrUnknownFormat = errors.New("unknown format")

// ErrExtLength marks an extension value whose payload has the wrong length.
var ErrExtLength = errors.New("bad extension payload length")

// RecordError reports a failure to decode one record of a stream.
// Use errors.As to read it; errors.Is matches ErrMalformed or ErrTruncated.
type RecordError struct {
	Index int    // 0-based record index in the stream
	Field string // dotted field path where known ("params.kappa"), else ""
	Err   error  // the cause; wraps ErrMalformed or ErrTruncated
}

func (e *RecordError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("record %d: field %q: %v", e.Index, e.Field, e.Err)
	}
	return fmt.Sprintf("record %d: %v", e.Index, e.Err)
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// kindError attaches a sentinel (and optionally more) to a cause without
// changing its message.
type kindError struct {
	msg  string
	errs []error
}

func (e *kindError) Error() string   { return e.msg }
func (e *kindError) Unwrap() []error { return e.errs }

func malformed(msg string, cause error) error {
	if cause == nil {
		return &kindError{msg: msg, errs: []error{ErrMalformed}}
	}
	return &kindError{msg: msg, errs: []error{ErrMalformed, cause}}
}
