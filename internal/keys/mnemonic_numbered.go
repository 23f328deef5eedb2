package keys

import (
	"fmt"
	"strconv"
	"strings"
)

// NormalizeMnemonic returns the mnemonic's words in order, separated by single spaces.
// It also accepts btcli's numbered form, "1-old 2-leopard …" in any order, where every
// position from 1 to the word count must appear exactly once. It does not check the
// words themselves; use ValidateMnemonic for that.
func NormalizeMnemonic(s string) (string, error) {
	fields := strings.Fields(s)
	if !strings.Contains(s, "-") {
		return strings.Join(fields, " "), nil
	}
	words := make([]string, len(fields))
	for _, f := range fields {
		num, word, ok := strings.Cut(f, "-")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || word == "" || n < 1 || n > len(fields) {
			return "", fmt.Errorf("normalize mnemonic: %w: item %d of %d", ErrBadNumbering, indexOf(fields, f)+1, len(fields))
		}
		if words[n-1] != "" {
			return "", fmt.Errorf("normalize mnemonic: %w: position %d repeated", ErrBadNumbering, n)
		}
		words[n-1] = word
	}
	return strings.Join(words, " "), nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
