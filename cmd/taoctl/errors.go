package main

import (
	"errors"
	"fmt"
)

// errBadInput marks user input that cannot be parsed: an amount with too
// many decimals or the wrong unit, a bad address, a malformed value (exit 10).
var errBadInput = errors.New("bad input")

// errPrecondition marks a check that failed before anything was sent: an
// unknown subnet, a balance too low for the call, a hotkey not registered
// (exit 4, like a rejection by the chain).
var errPrecondition = errors.New("precondition failed")

// errPassword marks a password that could not be obtained: no terminal and
// no --password-file or TAO_PASSWORD, or mismatching confirmation (exit 5).
var errPassword = errors.New("password unavailable")

// errNodeUnreachable marks a node that cannot be reached or answered with
// something other than a chain result (exit 12).
var errNodeUnreachable = errors.New("node unreachable")

// errDeclined means the user answered no at a confirmation prompt.
var errDeclined = errors.New("declined at the prompt")

// rejectedError is a call the chain (or the node's admission check)
// rejected, with the chain's error name (exit 4).
type rejectedError struct {
	Call  string // the call's wire name
	Name  string // the chain's error name, e.g. "NotEnoughStakeToWithdraw"
	Block uint64 // the block that included it (0 when rejected on submission)
}

func (e *rejectedError) Error() string {
	if e.Block > 0 {
		return fmt.Sprintf("%s rejected by the chain in block %d: %s", e.Call, e.Block, e.Name)
	}
	return fmt.Sprintf("%s rejected by the node: %s", e.Call, e.Name)
}

func badInput(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadInput, fmt.Sprintf(format, args...))
}

func precondition(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errPrecondition, fmt.Sprintf(format, args...))
}
