package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/wallet"
)

// TestExitCodes runs each failure class against a live node and checks the
// documented exit code, a message naming the cause, and that nothing was
// sent (the signer's nonce is unchanged).
func TestExitCodes(t *testing.T) {
	t.Parallel()
	tc := startChain(t)
	dir := t.TempDir()
	node := []string{"--node", tc.url}
	ok(t, "wallet", "create", "--no-password", "--wallet.path", dir, "--wallet.name", "poor", "--wallet.hotkey", "hk")
	poor := []string{"--wallet.path", dir, "--wallet.name", "poor", "--wallet.hotkey", "hk", "--node", tc.url}
	alice := []string{"--wallet.name", "//Alice", "--wallet.hotkey", "//Alice//subnet1", "--wallet.path", dir, "--node", tc.url}
	aliceID, _ := keys.ParseAccountID(aliceSS58)
	nonce := func() uint64 {
		a, err := tc.c.Account(tc.ctx(), aliceID)
		if err != nil {
			t.Fatal(err)
		}
		return a.Nonce
	}
	n0 := nonce()
	with := func(base []string, args ...string) []string { return append(append([]string{}, args...), base...) }

	cases := []struct {
		name string
		code int
		want string
		args []string
	}{
		{"unknown subnet show", exitRejected, "subnet 99 does not exist", with(node, "subnet", "show", "--netuid", "99")},
		{"unknown subnet metagraph", exitRejected, "subnet 99 does not exist", with(node, "subnet", "metagraph", "--netuid", "99")},
		{"unknown subnet stake", exitRejected, "subnet 99 does not exist", with(alice, "stake", "add", "--netuid", "99", "--amount", "1")},
		{"unknown subnet register", exitRejected, "subnet 42 does not exist", with(alice, "register", "--netuid", "42")},
		{"insufficient balance transfer", exitRejected, "InsufficientBalance", with(poor, "transfer", "--dest", bobSS58, "--amount", "1")},
		{"insufficient balance stake", exitRejected, "InsufficientBalance", with(poor, "stake", "add", "--netuid", "1", "--amount", "1")},
		{"insufficient balance transfer-all", exitRejected, "InsufficientBalance", with(poor, "transfer-all", "--dest", bobSS58)},
		{"insufficient balance subnet create", exitRejected, "InsufficientBalance", with(poor, "subnet", "create")},
		{"not enough stake", exitRejected, "NotEnoughStakeToWithdraw", with(alice, "stake", "remove", "--netuid", "1", "--amount", "1")},
		{"too many decimals", exitBadInput, "more than 9 decimals", with(alice, "transfer", "--dest", bobSS58, "--amount", "0.0000000001")},
		{"wrong unit", exitBadInput, "amount is in α but τ is expected", with(alice, "transfer", "--dest", bobSS58, "--amount", "α1")},
		{"unknown unit", exitBadInput, "not a number", with(alice, "transfer", "--dest", bobSS58, "--amount", "1.5btc")},
		{"rao with decimals", exitBadInput, "whole numbers", with(alice, "transfer", "--dest", bobSS58, "--amount", "1.5rao")},
		{"alpha amount in tao", exitBadInput, "amount is in τ but α is expected", with(alice, "stake", "remove", "--netuid", "1", "--amount", "τ1")},
		{"zero amount", exitBadInput, "must be positive", with(alice, "transfer", "--dest", bobSS58, "--amount", "0")},
		{"bad address", exitBadInput, "not an SS58 address", with(alice, "transfer", "--dest", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ", "--amount", "1")},
		{"bad tolerance", exitBadInput, "fraction", with(alice, "stake", "add", "--netuid", "1", "--amount", "1", "--tolerance", "lots")},
		{"unknown hyperparameter", exitBadInput, "unknown hyperparameter", with(alice, "subnet", "hyperparameters", "set", "--netuid", "1", "--param", "speed", "--value", "1")},
		{"hyperparameter out of bounds", exitBadInput, "out of bounds", with(alice, "subnet", "hyperparameters", "set", "--netuid", "1", "--param", "tempo", "--value", "0")},
		{"chain rejection", exitRejected, "FirstEmissionBlockNumberAlreadySet", with(alice, "subnet", "start", "--netuid", "1", "--yes")},
		{"unreachable node", exitNode, "node unreachable", []string{"subnet", "list", "--node", "http://127.0.0.1:1"}},
		{"unreachable node write", exitNode, "node unreachable", []string{"transfer", "--wallet.name", "//Alice", "--dest", bobSS58, "--amount", "1", "--node", "127.0.0.1:1"}},
		{"bad node url", exitConfig, "not an http(s) URL", []string{"subnet", "list", "--node", "ftp://x"}},
		{"unknown command", exitUsage, "unknown command", []string{"stake", "frobnicate"}},
		{"extra argument", exitUsage, "unexpected argument", with(node, "subnet", "list", "extra")},
		{"missing flag", exitUsage, "Required flag", with(node, "subnet", "show")},
		{"bad output format", exitUsage, "unknown output format", []string{"-o", "yaml", "subnet", "list"}},
		{"unsafe with limit", exitUsage, "--unsafe cannot be combined", with(alice, "stake", "add", "--netuid", "1", "--amount", "1", "--unsafe", "--limit-price", "1")},
		{"missing wallet", exitWallet, "keyfile not found", []string{"balance", "--wallet.path", dir, "--wallet.name", "nobody", "--node", tc.url}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fails(t, c.code, c.want, c.args...)
		})
	}
	// The rejection was sent (and its fee paid); nothing else was.
	if got := nonce(); got != n0+1 {
		t.Errorf("alice's nonce %d → %d: something other than the rejected start_call was sent", n0, got)
	}
	// A rejected call still prints its result, with the chain's error name.
	r := taoctl(t, with(alice, "subnet", "start", "--netuid", "1", "--yes", "-o", "json")...)
	var w writeResult
	if err := json.Unmarshal([]byte(r.stdout), &w); err != nil || r.code != exitRejected || w.OK || w.Status != "failed" || w.Error != "FirstEmissionBlockNumberAlreadySet" || w.Block == 0 {
		t.Errorf("rejected call output: code %d %+v (%v)", r.code, w, err)
	}
}

// TestExitCodeSwitch checks the mapping of error classes that are awkward
// to provoke end to end.
func TestExitCodeSwitch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		err  error
		code int
	}{
		{nil, exitOK},
		{fmt.Errorf("x: %w", wallet.ErrWrongPassword), exitWallet},
		{fmt.Errorf("x: %w", wallet.ErrCorruptKeyfile), exitWallet},
		{fmt.Errorf("x: %w: %w", wallet.ErrCorruptKeyfile, keys.ErrUnknownWord), exitWallet},
		{fmt.Errorf("%w: --dest: %w", errBadInput, wallet.ErrKeyfileNotFound), exitBadInput},
		{fmt.Errorf("x: %w", errPassword), exitWallet},
		{&rejectedError{Call: "add_stake", Name: "SubnetNotExists", Block: 3}, exitRejected},
		{fmt.Errorf("x: %w", keys.ErrUnknownWord), exitBadInput},
		{fmt.Errorf("x: %w", codec.ErrMalformed), exitBadInput},
		{fmt.Errorf("x: %w", errNodeUnreachable), exitNode},
		{fmt.Errorf("x: %w", tcli.ErrConfig), exitConfig},
		{tcli.Usagef("bad"), exitUsage},
		{errDeclined, exitRuntime},
		{errors.New("other"), exitRuntime},
	} {
		if got := exitCode(c.err); got != c.code {
			t.Errorf("exitCode(%v) = %d, want %d", c.err, got, c.code)
		}
	}
	if !strings.Contains((&rejectedError{Call: "add_stake", Name: "SubnetNotExists", Block: 3}).Error(), "SubnetNotExists") {
		t.Error("rejection message lacks the chain's error name")
	}
}
