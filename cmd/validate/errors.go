package main

import "errors"

var (
	// errNothingToDo ends a round that submitted nothing (exit 5).
	errNothingToDo = errors.New("nothing to do")
	// errWallet marks wallet and password problems (exit 6).
	errWallet = errors.New("wallet")
	// errStateIO marks state file I/O errors (exit 11).
	errStateIO = errors.New("state file")
)
