package query

import "errors"

var (
	// ErrNotFound means the requested subnet, neuron or block does not exist
	// at the height read.
	ErrNotFound = errors.New("not found")
	// ErrNoMeta means the store holds no chain metadata (not a chain store).
	ErrNoMeta = errors.New("store has no chain metadata")
	// ErrBadRequest means the query's arguments are invalid (e.g. a zero
	// quote amount or an unknown side).
	ErrBadRequest = errors.New("bad query")
)
