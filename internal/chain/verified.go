package chain

import "sync"

// verifiedCap bounds how many verified transaction hashes are remembered.
const verifiedCap = 1 << 16

// verifiedSet remembers the hashes of transactions whose signature CheckTx
// has verified, so FinalizeBlock need not verify them again. The hash covers
// every byte of the transaction, signature included, so a remembered hash
// means exactly these bytes carry a valid signature. Oldest entries are
// forgotten first; a forgotten transaction is simply verified again.
type verifiedSet struct {
	mu   sync.Mutex
	set  map[[32]byte]struct{}
	ring [][32]byte
	next int
}

func (v *verifiedSet) add(h [32]byte) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.set == nil {
		v.set = make(map[[32]byte]struct{}, verifiedCap)
		v.ring = make([][32]byte, verifiedCap)
	}
	if _, ok := v.set[h]; ok {
		return
	}
	if old := v.ring[v.next]; len(v.set) >= verifiedCap {
		delete(v.set, old)
	}
	v.ring[v.next] = h
	v.next = (v.next + 1) % verifiedCap
	v.set[h] = struct{}{}
}

func (v *verifiedSet) has(h [32]byte) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, ok := v.set[h]
	return ok
}
