package query

// ResetDecodeCaches empties the decode caches so benchmarks can measure
// cold reads.
func ResetDecodeCaches() {
	neuronCache.reset()
	hotkeyCache.reset()
	stakeCache.reset()
}
