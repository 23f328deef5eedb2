package axon

import "errors"

var (
	// ErrBusy is returned by the priority queue when it is full.
	ErrBusy = errors.New("axon busy")
	// ErrTimeout marks a request whose timeout passed.
	ErrTimeout = errors.New("request timed out")
	// ErrCommandFailed marks a miner command that failed.
	ErrCommandFailed = errors.New("miner command failed")
	// ErrOutputTooLarge marks a command that wrote more than the limit.
	ErrOutputTooLarge = errors.New("command output too large")
	// ErrBadHeader marks a missing or malformed protocol header.
	ErrBadHeader = errors.New("bad protocol header")
	// ErrBadResponseSignature marks an answer whose axon signature does not verify.
	ErrBadResponseSignature = errors.New("bad axon signature")
)
