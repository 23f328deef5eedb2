package main

import (
	"strconv"
	"testing"

	"github.com/taokit/taokit/internal/query"
)

const tao = 1_000_000_000

// TestEndToEnd is a fresh user's path, every step through taoctl's Main
// against an in-process taod: create wallets, fund them from //Alice,
// register a subnet, register neurons, stake with and without limits, set
// weights, wait for epochs and read incentive and dividends from the
// metagraph.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	tc := startChain(t)
	dir := t.TempDir()
	node := []string{"--node", tc.url, "-o", "json"}
	as := func(wallet, hotkey string, rest ...string) []string {
		return append(append([]string{"--wallet.path", dir, "--wallet.name", wallet, "--wallet.hotkey", hotkey}, node...), rest...)
	}
	run := func(args ...string) result { t.Helper(); return ok(t, args...) }
	write := func(args ...string) writeResult {
		t.Helper()
		w := jsonOne[writeResult](t, run(args...).stdout)
		if !w.OK || w.Status != "included" {
			t.Fatalf("%v: %+v", args, w)
		}
		return w
	}

	// 1. Wallets: an owner/validator and a miner (unencrypted here; the
	// sealed path is TestKeyfileInterop's).
	owner := jsonLines[walletKey](t, run("wallet", "create", "--no-password", "--wallet.path", dir, "--wallet.name", "owner", "--wallet.hotkey", "validator", "-o", "json").stdout)
	miner := jsonLines[walletKey](t, run("wallet", "create", "--no-password", "--wallet.path", dir, "--wallet.name", "miner", "--wallet.hotkey", "m1", "-o", "json").stdout)
	ownerCK, validatorHK, minerCK, minerHK := owner[0].Address, owner[1].Address, miner[0].Address, miner[1].Address

	// 2. Fund them from //Alice (dest by wallet name).
	write(append([]string{"transfer", "--wallet.name", "//Alice", "--wallet.path", dir, "--dest", "owner", "--amount", "10000"}, node...)...)
	write(append([]string{"transfer", "--wallet.name", "//Alice", "--wallet.path", dir, "--dest", minerCK.String(), "--amount", "τ100"}, node...)...)
	bal := jsonOne[balanceRecord](t, run(append([]string{"balance"}, as("owner", "validator")...)...).stdout)
	if bal.Coldkey != ownerCK || bal.Free != 10_000*tao || bal.Total != bal.Free || len(bal.Stakes) != 0 {
		t.Fatalf("owner balance after funding: %+v", bal)
	}

	// 3. Register a subnet: the lock cost is shown first, then paid.
	dry := jsonOne[writeResult](t, run(append([]string{"subnet", "create", "--subnet-name", "e2e", "--dry-run"}, as("owner", "validator")...)...).stdout)
	lock := preview[lockPreview](t, dry)
	if dry.Status != "dry-run" || dry.Tx == "" || lock.LockCost == 0 || lock.Free != 10_000*tao {
		t.Fatalf("subnet create dry run: %+v %+v", dry, lock)
	}
	created := write(append([]string{"subnet", "create", "--subnet-name", "e2e"}, as("owner", "validator")...)...)
	netuid := created.event(t, "NetworkAdded", "netuid")
	bal = jsonOne[balanceRecord](t, run(append([]string{"balance"}, as("owner", "validator")...)...).stdout)
	if bal.Free != 10_000*tao-lock.LockCost-created.Fee {
		t.Fatalf("after subnet create: free %d, want 10000τ − lock %d − fee %d", bal.Free, lock.LockCost, created.Fee)
	}
	subs := jsonLines[subnetRecord](t, run(append([]string{"subnet", "list"}, node...)...).stdout)
	if len(subs) != 3 || strconv.Itoa(int(subs[2].Netuid)) != netuid || subs[2].Owner.ID() != ownerCK || subs[2].Name != "e2e" {
		t.Fatalf("subnet list: %+v", subs)
	}
	n := netuid

	// 4. Start it; the owner turns commit-reveal off; //Alice (sudo) sets
	// the root-only knobs so that epochs come quickly.
	write(append([]string{"subnet", "start", "--netuid", n, "--yes"}, as("owner", "validator")...)...)
	write(append([]string{"subnet", "hyperparameters", "set", "--netuid", n, "--param", "commit_reveal_weights_enabled", "--value", "false"}, as("owner", "validator")...)...)
	for _, kv := range [][2]string{{"weights_rate_limit", "0"}, {"emission_enabled", "true"}, {"tempo", "10"}} {
		write(append([]string{"subnet", "hyperparameters", "set", "--wallet.name", "//Alice", "--netuid", n, "--param", kv[0], "--value", kv[1]}, node...)...)
	}
	hps := jsonLines[hyperparameter](t, run(append([]string{"subnet", "hyperparameters", "get", "--netuid", n}, node...)...).stdout)
	got := map[string]int64{}
	for _, h := range hps {
		got[h.Name] = h.Value
	}
	if got["tempo"] != 10 || got["commit_reveal_weights_enabled"] != 0 || got["weights_rate_limit"] != 0 || got["emission_enabled"] != 1 {
		t.Fatalf("hyperparameters: %v", got)
	}

	// 5. Register the miner's hotkey, paying the burn the node quotes.
	costs := jsonLines[burnCost](t, run(append([]string{"subnet", "burn-cost"}, node...)...).stdout)
	var burn uint64
	for _, c := range costs {
		if strconv.Itoa(int(c.Netuid)) == n {
			burn = c.Burn
		}
	}
	before := jsonOne[balanceRecord](t, run(append([]string{"balance"}, as("miner", "m1")...)...).stdout).Free
	reg := write(append([]string{"register", "--netuid", n}, as("miner", "m1")...)...)
	minerUID := reg.event(t, "NeuronRegistered", "uid")
	after := jsonOne[balanceRecord](t, run(append([]string{"balance"}, as("miner", "m1")...)...).stdout).Free
	// The burn decays block by block: what is charged at inclusion is at most what was quoted.
	if charged := before - after - reg.Fee; burn == 0 || charged == 0 || charged > burn {
		t.Fatalf("register: balance %d → %d, burn quoted %d, fee %d", before, after, burn, reg.Fee)
	}
	mg := jsonOne[query.Metagraph](t, run(append([]string{"subnet", "metagraph", "--netuid", n}, node...)...).stdout)
	validatorUID := ""
	for _, nu := range mg.Neurons {
		if nu.Hotkey.ID() == validatorHK {
			validatorUID = strconv.Itoa(int(nu.UID))
		}
		if nu.Hotkey.ID() == minerHK && (nu.Coldkey.ID() != minerCK || strconv.Itoa(int(nu.UID)) != minerUID) {
			t.Fatalf("miner neuron %+v", nu)
		}
	}
	if validatorUID == "" {
		// The owner hotkey is not registered by register_network: register it.
		validatorUID = write(append([]string{"register", "--netuid", n}, as("owner", "validator")...)...).event(t, "NeuronRegistered", "uid")
	}

	// 6. Stake. The preview (internal/amm on the node's pool state) must
	// match the chain's own simulation and then what the chain does.
	sub := tc.subnet(mustU16(t, n))
	quote, err := tc.c.Quote(tc.ctx(), sub.Netuid, "buy", 100*tao)
	if err != nil {
		t.Fatal(err)
	}
	dryAdd := jsonOne[writeResult](t, run(append([]string{"stake", "add", "--netuid", n, "--amount", "100", "--unsafe", "--dry-run"}, as("owner", "validator")...)...).stdout)
	pv := preview[swapPreview](t, dryAdd)
	if dryAdd.Call != "add_stake" || pv.AmountOut != quote.AmountOut || pv.Fee != quote.Fee || pv.PriceRAO != quote.PriceRAO {
		t.Fatalf("preview %+v differs from the node's quote %+v", pv, quote)
	}
	// Without a limit.
	add := write(append([]string{"stake", "add", "--netuid", n, "--amount", "100", "--unsafe"}, as("owner", "validator")...)...)
	if add.Call != "add_stake" || mustU64(t, add.event(t, "StakeAdded", "alpha")) != pv.AmountOut {
		t.Fatalf("add_stake: %+v, preview said %d α", add.Events, pv.AmountOut)
	}
	// With a tolerance: add_stake_limit.
	addL := write(append([]string{"stake", "add", "--netuid", n, "--amount", "10", "--tolerance", "5%"}, as("owner", "validator")...)...)
	pvL := preview[swapPreview](t, addL)
	if addL.Call != "add_stake_limit" || pvL.LimitRAO == 0 || mustU64(t, addL.event(t, "StakeAdded", "alpha")) != pvL.AmountOut {
		t.Fatalf("add_stake_limit: %+v %+v", addL, pvL)
	}
	// A limit below the price: refused before sending (exit 4, nothing sent)…
	sub = tc.subnet(sub.Netuid)
	tight := strconv.FormatFloat(float64(sub.PriceRAO)/tao*1.001, 'f', 9, 64)
	nonce := func() uint64 { a, _ := tc.c.Account(tc.ctx(), ownerCK); return a.Nonce }
	n0 := nonce()
	fails(t, exitRejected, "SlippageTooHigh", append([]string{"stake", "add", "--netuid", n, "--amount", "1000", "--limit-price", tight}, as("owner", "validator")...)...)
	if nonce() != n0 {
		t.Fatal("a refused stake was sent")
	}
	// …or filled partially with --allow-partial, enforced on chain.
	part := write(append([]string{"stake", "add", "--netuid", n, "--amount", "1000", "--limit-price", tight, "--allow-partial"}, as("owner", "validator")...)...)
	pvP := preview[swapPreview](t, part)
	if !pvP.Partial || pvP.AmountIn >= 1000*tao || pvP.AmountIn == 0 || mustU64(t, part.event(t, "StakeAdded", "alpha")) != pvP.AmountOut {
		t.Fatalf("partial add: %+v events %+v", pvP, part.Events)
	}
	if s := tc.subnet(sub.Netuid); s.PriceRAO > mustU64(t, strconv.FormatUint(pvP.LimitRAO, 10)) {
		t.Fatalf("price %d went past the limit %d", s.PriceRAO, pvP.LimitRAO)
	}
	// Remove some with a limit, and the miner stakes on itself.
	rm := write(append([]string{"stake", "remove", "--netuid", n, "--amount", "10", "--tolerance", "5%"}, as("owner", "validator")...)...)
	if rm.Call != "remove_stake_limit" || mustU64(t, rm.event(t, "StakeRemoved", "tao")) != preview[swapPreview](t, rm).AmountOut {
		t.Fatalf("remove: %+v", rm)
	}
	write(append([]string{"stake", "add", "--netuid", n, "--amount", "5", "--tolerance", "3%"}, as("miner", "m1")...)...)
	list := jsonLines[stakePosition](t, run(append([]string{"stake", "list"}, as("owner", "validator")...)...).stdout)
	if len(list) != 1 || list[0].Hotkey != validatorHK || list[0].Alpha == 0 || list[0].TaoValue == 0 {
		t.Fatalf("stake list: %+v", list)
	}
	bal = jsonOne[balanceRecord](t, run(append([]string{"balance"}, as("owner", "validator")...)...).stdout)
	all := jsonLines[balanceRecord](t, run(append([]string{"balance", "--all", "--wallet.path", dir}, node...)...).stdout)
	if len(all) != 2 || all[0].Wallet != "miner" || all[1].Wallet != "owner" || all[1].Coldkey != ownerCK {
		t.Fatalf("balance --all: %+v", all)
	}
	if len(bal.Stakes) != 1 || bal.Stakes[0].Alpha != list[0].Alpha || bal.Staked != list[0].TaoValue || bal.Total != bal.Free+bal.Staked {
		t.Fatalf("balance with stake: %+v", bal)
	}

	// 7. The validator sets weights on the miner.
	w := write(append([]string{"weights", "set", "--netuid", n, "--uids", minerUID, "--weights", "1"}, as("owner", "validator")...)...)
	if w.Call != "set_weights" {
		t.Fatalf("weights: %+v", w)
	}

	// 8. Wait for epochs and read the metagraph.
	sub = tc.subnet(sub.Netuid)
	target := sub.NextEpochBlock + 2*uint64(sub.Tempo) + 2
	for tc.head() < target {
		tc.produce(1)
	}
	final := jsonOne[query.Metagraph](t, run(append([]string{"subnet", "metagraph", "--netuid", n}, node...)...).stdout)
	if final.Subnet.LastStep <= sub.LastStep {
		t.Fatalf("no epoch ran: last step %d → %d (head %d)", sub.LastStep, final.Subnet.LastStep, final.Height)
	}
	var mNeuron, vNeuron query.Neuron
	for _, nu := range final.Neurons {
		switch strconv.Itoa(int(nu.UID)) {
		case minerUID:
			mNeuron = nu
		case validatorUID:
			vNeuron = nu
		}
	}
	t.Logf("after epochs at %d: miner %+v", final.Subnet.LastStep, mNeuron)
	t.Logf("validator %+v", vNeuron)
	if mNeuron.Incentive == 0 || mNeuron.Emission == 0 {
		t.Errorf("the miner earned no incentive: %+v", mNeuron)
	}
	if vNeuron.Dividends == 0 {
		t.Errorf("the validator earned no dividends: %+v", vNeuron)
	}
	// Historical read: the metagraph before the epochs.
	old := jsonOne[query.Metagraph](t, run(append([]string{"subnet", "metagraph", "--netuid", n, "--at-block", strconv.FormatUint(w.Block, 10)}, node...)...).stdout)
	if old.Height != w.Block {
		t.Errorf("--at-block %d read height %d", w.Block, old.Height)
	}
}

func mustU16(t testing.TB, s string) uint16 {
	t.Helper()
	v, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		t.Fatal(err)
	}
	return uint16(v)
}
