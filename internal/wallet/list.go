package wallet

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// List returns the names of the wallets under path, sorted: directories holding a
// coldkey, a coldkeypub.txt or a hotkeys directory. A missing path is an empty list.
func List(path string) ([]string, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("list wallets: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		dir := filepath.Join(path, e.Name())
		for _, f := range []string{"coldkey", "coldkeypub.txt", "hotkeys"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				names = append(names, e.Name())
				break
			}
		}
	}
	slices.Sort(names)
	return names, nil
}

// Hotkeys returns the wallet's hotkey names, sorted. A <name>pub.txt companion is
// listed as <name>, so watch-only hotkeys appear too.
func (w *Wallet) Hotkeys() ([]string, error) {
	entries, err := os.ReadDir(w.HotkeysDir())
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("list hotkeys: %w", err)
	}
	files := map[string]bool{}
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			files[e.Name()] = true
		}
	}
	set := map[string]bool{}
	for name := range files {
		// A lone <name>pub.txt is a watch-only hotkey called <name>.
		if base, ok := strings.CutSuffix(name, "pub.txt"); ok && base != "" {
			name = base
		}
		set[name] = true
	}
	names := slices.Sorted(maps.Keys(set))
	return names, nil
}
