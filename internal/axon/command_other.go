//go:build !unix

package axon

import "os/exec"

// setProcessGroup is a no-op where process groups do not exist; the
// command itself is still killed on cancellation.
func setProcessGroup(*exec.Cmd) {}
