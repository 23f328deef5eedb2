package main

import "errors"

var (
	// errWallet marks wallet and password problems (exit 5).
	errWallet = errors.New("wallet")
	// errBadInput marks malformed values given by the user (exit 10).
	errBadInput = errors.New("bad input")
	// errRejected marks a call the chain refused (exit 4).
	errRejected = errors.New("rejected by the chain")
	// errPrecondition marks a failed precondition (exit 4).
	errPrecondition = errors.New("precondition failed")
)
