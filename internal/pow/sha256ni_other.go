//go:build !amd64 || purego

package pow

// hasSHANI is false: sha256BlockSHANI exists only on amd64.
var hasSHANI = false

func sha256BlockSHANI(h *[8]uint32, p []byte) {
	panic("pow: sha256BlockSHANI without SHA-NI")
}

func sha256x8(blk *preBlock, nonce uint64, out *[4][8]uint64) {
	panic("pow: sha256x8 without SHA-NI")
}
