//go:build !amd64 || purego

package pow

// hasKeccak8 is false: there is no vector Keccak on this platform.
var hasKeccak8 = false

// keccak256x32x8 computes eight keccak256x32, one after another.
func keccak256x32x8(in, out *[4][8]uint64) {
	keccak256x32x8Generic(in, out)
}
