package tx

import "errors"

// ErrMalformed means the bytes are not a well-formed transaction or call.
var ErrMalformed = errors.New("malformed transaction")

// ErrTooLarge means the encoding exceeds MaxSize.
var ErrTooLarge = errors.New("transaction too large")

// ErrBadVersion means an unsupported format version.
var ErrBadVersion = errors.New("unsupported transaction version")

// ErrUnknownCall means the call name is not one the chain accepts.
var ErrUnknownCall = errors.New("unknown call")
