package keys

import (
	"fmt"
	"sync"
)

// DevAccountNames are the well-known Substrate development accounts, each derived as
// //<Name> from DevPhrase.
var DevAccountNames = []string{"Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"}

// DevKey is a named development key pair.
type DevKey struct {
	Name string
	Pair *Keypair
}

var devKeys = sync.OnceValues(func() ([]DevKey, error) {
	out := make([]DevKey, 0, len(DevAccountNames))
	for _, name := range DevAccountNames {
		kp, err := FromSURI("//" + name)
		if err != nil {
			return nil, fmt.Errorf("dev key %s: %w", name, err)
		}
		out = append(out, DevKey{Name: name, Pair: kp})
	}
	return out, nil
})

// DevKeys returns //Alice, //Bob, //Charlie, //Dave, //Eve and //Ferdie in that order.
// The key pairs are shared and must not be modified.
func DevKeys() []DevKey {
	keys, err := devKeys()
	if err != nil {
		// Derivation from the fixed dev phrase cannot fail; this would be a bug.
		panic(fmt.Sprintf("keys: %v", err))
	}
	return append([]DevKey(nil), keys...)
}

// DevKeyByName returns the development key pair //name for a name in DevAccountNames.
func DevKeyByName(name string) (*Keypair, bool) {
	for _, k := range DevKeys() {
		if k.Name == name {
			return k.Pair, true
		}
	}
	return nil, false
}
