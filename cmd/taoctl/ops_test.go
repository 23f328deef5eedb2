package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/query"
)

func devID(t testing.TB, uri string) keys.AccountID {
	t.Helper()
	kp, err := keys.FromSURI(uri)
	if err != nil {
		t.Fatal(err)
	}
	return kp.AccountID()
}

// TestOperations drives the rest of the write commands against a live
// node: moves, swaps and transfers of stake (with on-chain and client-side
// limits), unstake-all, delegate take, child keys, serving an axon,
// commit-reveal weights, root claim, PoW registration, transfer-all and
// watching the block stream.
func TestOperations(t *testing.T) {
	t.Parallel()
	tc := startChain(t)
	dir := t.TempDir()
	node := []string{"--node", tc.url, "-o", "json", "--wallet.path", dir}
	as := func(cold, hot string, args ...string) []string {
		return append(append(append([]string{}, args...), "--wallet.name", cold, "--wallet.hotkey", hot), node...)
	}
	write := func(args ...string) writeResult {
		t.Helper()
		w := jsonOne[writeResult](t, ok(t, args...).stdout)
		if !w.OK || w.Status != "included" {
			t.Fatalf("%v: %+v", args, w)
		}
		return w
	}
	const aliceHK, bobHK = "//Alice//subnet1", "//Bob//hk"

	// A second subnet, started, for cross-subnet moves.
	two := write(as("//Alice", "//Alice//two", "subnet", "create", "--subnet-name", "two")...).event(t, "NetworkAdded", "netuid")
	write(as("//Alice", "//Alice//two", "subnet", "start", "--netuid", two)...)
	write(as("//Bob", bobHK, "register", "--netuid", "1")...)

	// Bob delegates to Alice's hotkey, then moves part to his own hotkey (same subnet: no swap).
	write(as("//Bob", aliceHK, "stake", "add", "--netuid", "1", "--amount", "40", "--tolerance", "10%")...)
	mv := write(as("//Bob", aliceHK, "stake", "move", "--dest-hotkey", bobHK, "--origin-netuid", "1", "--amount", "5")...)
	if pv := preview[movePreview](t, mv); mv.Call != "move_stake" || pv.AmountOut != 5*tao || pv.Sell != nil {
		t.Fatalf("same-subnet move: %+v %+v", mv, pv)
	}
	// Same hotkey across subnets: swap_stake_limit, the limit enforced on chain.
	sw := write(as("//Bob", aliceHK, "stake", "swap", "--origin-netuid", "1", "--dest-netuid", two, "--amount", "5", "--tolerance", "10%")...)
	swp := preview[movePreview](t, sw)
	if sw.Call != "swap_stake_limit" || !swp.OnChainLimit || swp.Sell == nil || swp.Buy == nil || swp.AmountOut == 0 {
		t.Fatalf("swap: %+v %+v", sw, swp)
	}
	// Different hotkeys across subnets: move_stake with the limit checked by taoctl.
	fails(t, exitRejected, "SlippageTooHigh", as("//Bob", aliceHK, "stake", "move", "--dest-hotkey", bobHK, "--origin-netuid", "1",
		"--dest-netuid", two, "--amount", "5", "--limit-price", "5")...)
	mv2 := write(as("//Bob", aliceHK, "stake", "move", "--dest-hotkey", bobHK, "--origin-netuid", "1", "--dest-netuid", two, "--amount", "2", "--tolerance", "20%")...)
	if pv := preview[movePreview](t, mv2); mv2.Call != "move_stake" || pv.OnChainLimit || pv.LimitRel == 0 {
		t.Fatalf("cross-subnet move: %+v %+v", mv2, pv)
	}
	// Give stake to Charlie (same hotkey, same subnet).
	tr := write(as("//Bob", bobHK, "stake", "transfer", "--dest", "//Charlie", "--origin-netuid", "1", "--amount", "2")...)
	charlie := jsonLines[stakePosition](t, ok(t, "stake", "list", "--ss58", devID(t, "//Charlie").String(), "--node", tc.url, "-o", "json").stdout)
	if tr.Call != "transfer_stake" || len(charlie) != 1 || charlie[0].Alpha != 2*tao || charlie[0].Hotkey != devID(t, bobHK) {
		t.Fatalf("stake transfer: %+v, charlie %+v", tr, charlie)
	}
	// Unstake everything Bob has on Alice's hotkey: one limited call per subnet.
	r := ok(t, as("//Bob", aliceHK, "unstake-all", "--tolerance", "30%")...)
	ua := jsonLines[writeResult](t, r.stdout)
	if len(ua) != 2 || ua[0].Call != "remove_stake_full_limit" || !ua[0].OK || !ua[1].OK {
		t.Fatalf("unstake-all: %+v", ua)
	}
	for _, p := range jsonLines[stakePosition](t, ok(t, as("//Bob", aliceHK, "stake", "list")...).stdout) {
		if p.Hotkey == devID(t, aliceHK) {
			t.Errorf("stake left on %s after unstake-all: %+v", aliceHK, p)
		}
	}

	// Delegate take, child keys and the axon.
	tk := write(as("//Alice", aliceHK, "delegate", "take", "--take", "0.1")...)
	if tk.Call != "decrease_take" {
		t.Errorf("take: %+v", tk)
	}
	write(as("//Bob", bobHK, "children", "set", "--netuid", "1", "--child", "//Dave:50%")...).event(t, "SetChildrenScheduled", "hotkey")
	write(as("//Bob", bobHK, "children", "take", "--netuid", "1", "--take", "0.05")...).event(t, "ChildKeyTakeSet", "take")
	write(as("//Bob", bobHK, "serve", "--netuid", "1", "--ip", "203.0.113.7", "--port", "8091")...)
	mg := jsonOne[query.Metagraph](t, ok(t, "subnet", "metagraph", "--netuid", "1", "--node", tc.url, "-o", "json").stdout)
	served := false
	for _, nu := range mg.Neurons {
		if nu.Hotkey.ID() == devID(t, bobHK) {
			served = nu.Axon.IP == "203.0.113.7" && nu.Axon.Port == 8091
		}
	}
	if !served {
		t.Errorf("axon not in the metagraph: %+v", mg.Neurons)
	}

	// Commit-reveal (on by default): commit, wait for the next epoch, reveal from the saved file.
	saved := filepath.Join(dir, "commit.json")
	cm := write(as("//Alice", aliceHK, "weights", "commit", "--netuid", "1", "--uids", "0,1", "--weights", "1,3", "--save", saved)...)
	if cm.Call != "commit_weights" {
		t.Fatalf("commit: %+v", cm)
	}
	if b, err := os.ReadFile(saved); err != nil || !strings.Contains(string(b), `"salt"`) {
		t.Fatalf("saved commit: %s %v", b, err)
	}
	s1 := tc.subnet(1)
	for tc.head() < s1.NextEpochBlock+1 {
		tc.produce(1)
	}
	rv := write(as("//Alice", aliceHK, "weights", "reveal", "--netuid", "1", "--from", saved)...)
	rv.event(t, "WeightsRevealed", "hash")

	// Root claim.
	write(as("//Bob", bobHK, "root", "claim", "--netuids", "1")...)

	// PoW registration: //Alice (sudo) allows it on subnet 1 with a small difficulty.
	write(as("//Alice", aliceHK, "subnet", "hyperparameters", "set", "--netuid", "1", "--param", "network_pow_registration_allowed", "--value", "true")...)
	write(as("//Alice", aliceHK, "subnet", "hyperparameters", "set", "--netuid", "1", "--param", "difficulty", "--value", "1000")...)
	pw := write(as("//Eve", "//Eve//pow", "register", "--netuid", "1", "--pow", "--threads", "1")...)
	if pw.Call != "register" || pw.Fee != 0 || preview[registerPreview](t, pw).Difficulty != 1000 {
		t.Fatalf("pow register: %+v", pw)
	}
	pw.event(t, "NeuronRegistered", "uid")

	// transfer-all from a fresh wallet.
	ok(t, "wallet", "regen-coldkey", "--no-password", "--wallet.path", dir, "--wallet.name", "temp", "--uri", "//Ferdie//temp")
	write(as("//Alice", aliceHK, "transfer", "--dest", "temp", "--amount", "3")...)
	write(as("temp", "x", "transfer-all", "--dest", "//Alice")...)
	if a, _ := tc.c.Account(tc.ctx(), devID(t, "//Ferdie//temp")); a.Free != 0 {
		t.Errorf("transfer-all left %d", a.Free)
	}

	// watch: replay the first blocks of the stream.
	blocks := jsonLines[chain.BlockResult](t, ok(t, "watch", "--from", "1", "--count", "3", "--node", tc.url, "-o", "json").stdout)
	if len(blocks) != 3 || blocks[0].Header.Height != 1 || blocks[2].Header.Height != 3 || len(blocks[0].Receipts) == 0 {
		t.Fatalf("watch: %d blocks %+v", len(blocks), blocks)
	}
	table := ok(t, "watch", "--from", "1", "--count", "2", "--events", "--node", tc.url, "-o", "table").stdout
	if !strings.Contains(table, "register_network") || !strings.Contains(table, "NetworkAdded") || strings.Count(table, "\n") < 4 {
		t.Errorf("watch table:\n%s", table)
	}
}
