package api_test

import (
	"context"
	"testing"

	"github.com/taokit/taokit/internal/tx"
)

// TestOldBlockFromHistory: a block whose record has left the latest state
// (after block_record_retention blocks) is still served from the store's
// history at the block's own height.
func TestOldBlockFromHistory(t *testing.T) {
	g := devGenesis()
	g.Params = map[string]uint64{"block_record_retention": 2}
	tn := startTestNode(t, testOpts{genesis: g})
	a, b := alice(t), bob(t)
	first := tn.mustOK(a, tx.Transfer{Dest: b.AccountID(), Value: 1_000_000_000})
	for range 3 {
		tn.mustOK(a, tx.Transfer{Dest: b.AccountID(), Value: 1_000_000_000})
	}
	blk, err := tn.c.Block(context.Background(), first.Inclusion.Height)
	if err != nil {
		t.Fatalf("old block: %v", err)
	}
	if blk.Hash != first.Inclusion.BlockHash || len(blk.Receipts) != 1 || blk.Receipts[0].Hash != first.Hash {
		t.Fatalf("old block %+v", blk)
	}
}
