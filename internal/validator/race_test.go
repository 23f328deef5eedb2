//go:build race

package validator

const raceFactor = 4 // the race detector slows signing and HTTP several times
