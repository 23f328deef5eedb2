package validator

import (
	"errors"
	"fmt"
)

var (
	// ErrNotRegistered means the validator's hotkey has no uid on the subnet.
	ErrNotRegistered = errors.New("validator hotkey not registered on the subnet")
	// ErrNoPermit means the validator holds no validator permit (and is not the subnet owner).
	ErrNoPermit = errors.New("validator holds no validator permit")
	// ErrStateMismatch means the state file belongs to another subnet or hotkey.
	ErrStateMismatch = errors.New("state file belongs to another subnet or hotkey")
	// ErrScorer marks a scorer that failed or printed garbage.
	ErrScorer = errors.New("scorer failed")
	// ErrChallenge marks a challenge command that failed.
	ErrChallenge = errors.New("challenge command failed")
	// ErrBadConfig marks invalid validator settings.
	ErrBadConfig = errors.New("invalid validator configuration")
)

// RejectedError is a call the chain refused; Name is the chain's error
// name (SettingWeightsTooFast, RevealTooEarly, …).
type RejectedError struct {
	Call string
	Name string
}

func (e *RejectedError) Error() string {
	return fmt.Sprintf("%s rejected by the chain: %s", e.Call, e.Name)
}
