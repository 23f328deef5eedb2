//go:build !race

package validator

const raceFactor = 1
