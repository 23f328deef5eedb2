package main

import (
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/query"
)

// TestGoldenChildren schedules a child key with `children set` and pins
// `children get` for the parent (pending, with the block it applies at)
// and, once applied, for both ends, as tables and JSON; msgpack carries
// the same record.
func TestGoldenChildren(t *testing.T) {
	t.Parallel()
	tc := startChain(t)
	node := []string{"--node", tc.url}
	const parent, child = "//Alice//subnet1", "//Dave"
	get := func(hk string, args ...string) []string {
		return append(append([]string{"children", "get", "--hotkey", hk, "--netuid", "1"}, args...), node...)
	}
	golden(t, "children_get_none.txt", ok(t, get(parent, "-o", "table")...).stdout)
	w := jsonOne[writeResult](t, ok(t, append([]string{"children", "set", "--wallet.name", "//Alice", "--wallet.hotkey", parent,
		"--netuid", "1", "--child", child + ":25%", "-o", "json"}, node...)...).stdout)
	if !w.OK {
		t.Fatalf("children set: %+v", w)
	}
	golden(t, "children_get_pending.txt", ok(t, get(parent, "-o", "table")...).stdout)
	out := ok(t, get(parent, "-o", "json")...).stdout
	goldenJSON(t, "children_get_pending.json", out)
	pend := jsonOne[query.Children](t, out)
	if !pend.HasPending || pend.PendingAt != w.Block+7200 || pend.PendingAppliesAt <= pend.PendingAt {
		t.Fatalf("pending %+v", pend)
	}
	// msgpack: the same record.
	var mp query.Children
	r := codec.NewReader(strings.NewReader(ok(t, get(parent, "-o", "msgpack")...).stdout), codec.WithFormat(codec.Msgpack))
	if err := r.Next(&mp); err != nil || mp.PendingAppliesAt != pend.PendingAppliesAt || len(mp.Pending) != 1 || mp.Pending[0] != pend.Pending[0] {
		t.Fatalf("msgpack %+v: %v", mp, err)
	}
	tc.produce(int(pend.PendingAppliesAt - tc.head()))
	golden(t, "children_get_applied.txt", ok(t, get(parent, "-o", "table")...).stdout)
	goldenJSON(t, "children_get_child.json", ok(t, get(child, "-o", "json")...).stdout)
	fails(t, exitRejected, "subnet 9 does not exist", "children", "get", "--hotkey", parent, "--netuid", "9", "--node", tc.url)
}

// TestDryRunFee: a dry run shows the fee the call would pay (the chain's
// rule on the signed call's size), which is what the same call then pays;
// free calls show zero.
func TestDryRunFee(t *testing.T) {
	t.Parallel()
	tc := startChain(t)
	args := []string{"transfer", "--wallet.name", "//Alice", "--dest", bobSS58, "--amount", "1.5", "--node", tc.url, "-o", "json"}
	dry := jsonOne[writeResult](t, ok(t, append(args, "--dry-run")...).stdout)
	fees, err := tc.c.Fees(tc.ctx())
	if err != nil {
		t.Fatal(err)
	}
	size := uint64(len(dry.Tx)-2) / 2
	if dry.Status != "dry-run" || dry.Fee == 0 || dry.Fee != fees.Fee(dry.Call, int(size)) || dry.Fee != fees.BaseFee+fees.ByteFee*size {
		t.Fatalf("dry run fee %d for %d bytes (%+v)", dry.Fee, size, fees)
	}
	if table := ok(t, append(args[:len(args)-2], "--dry-run", "-o", "table")...).stdout; !strings.Contains(table, "fee") ||
		!strings.Contains(table, "0.000100") {
		t.Fatalf("dry-run table shows no fee:\n%s", table)
	}
	real := jsonOne[writeResult](t, ok(t, args...).stdout)
	if !real.OK || real.Fee != dry.Fee {
		t.Fatalf("sent: fee %d, dry run said %d", real.Fee, dry.Fee)
	}
	free := jsonOne[writeResult](t, ok(t, "children", "take", "--wallet.name", "//Alice", "--wallet.hotkey", "//Alice//subnet1",
		"--netuid", "1", "--take", "0.05", "--dry-run", "--node", tc.url, "-o", "json").stdout)
	if free.Call != "set_childkey_take" || free.Fee != 0 {
		t.Fatalf("free call: %+v", free)
	}
}
