package yuma

import (
	"errors"
	"fmt"
)

// ErrInvalidInput marks an epoch input that cannot be run: a size above the
// cap, a vector whose length does not match n, a row or column pointing at a
// uid ≥ n, a duplicate column in a row, an out-of-range parameter.
var ErrInvalidInput = errors.New("invalid epoch input")

// ErrTooManyUIDs marks n above MaxUIDs. It also matches ErrInvalidInput.
var ErrTooManyUIDs = errors.New("too many uids")

// ErrBadAction marks a scenario action that cannot be applied (unknown kind,
// uid out of range, unknown parameter name). It also matches ErrInvalidInput.
var ErrBadAction = errors.New("bad scenario action")

// FieldError is an input error that names the offending field with a dotted
// path ("state.weights.3[2]", "params.kappa_u16"). errors.Is matches
// ErrInvalidInput and, where set, the more specific Kind.
type FieldError struct {
	Field string // dotted path of the field
	Msg   string // what is wrong, lower case
	Kind  error  // optional sentinel besides ErrInvalidInput
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Msg) }

// Unwrap returns ErrInvalidInput and Kind.
func (e *FieldError) Unwrap() []error {
	if e.Kind != nil {
		return []error{ErrInvalidInput, e.Kind}
	}
	return []error{ErrInvalidInput}
}

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func asType[T error](err error, target *T) bool { return errors.As(err, target) }
