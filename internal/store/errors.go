package store

import "errors"

var (
	// ErrClosed is returned by every operation on a store, or on a snapshot of
	// it, after Close has been called.
	ErrClosed = errors.New("store closed")

	// ErrReleased is returned by reads on a snapshot after its Release.
	ErrReleased = errors.New("snapshot released")

	// ErrPruned is returned by At for a height older than the retention
	// window: its history has been pruned.
	ErrPruned = errors.New("height pruned")

	// ErrFutureHeight is returned by At for a height above the latest
	// committed height.
	ErrFutureHeight = errors.New("height not yet committed")

	// ErrHeightMismatch is returned by Commit when the height is not exactly
	// the latest committed height plus one.
	ErrHeightMismatch = errors.New("non-sequential commit height")

	// ErrEmptyKey is returned by Commit when the batch holds a zero-length key.
	ErrEmptyKey = errors.New("empty key")

	// ErrKeyTooLarge is returned by Commit when a key is longer than MaxKeyLen.
	ErrKeyTooLarge = errors.New("key too large")

	// ErrValueTooLarge is returned by Commit when a value is longer than
	// MaxValueLen.
	ErrValueTooLarge = errors.New("value too large")

	// ErrCorrupt is returned by OpenBolt when the file's metadata is missing or
	// inconsistent (e.g. the persisted root does not match the persisted bucket
	// hashes), and by reads that meet an undecodable history record.
	ErrCorrupt = errors.New("store corrupt")
)
