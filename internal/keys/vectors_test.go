package keys

import (
	"encoding/hex"
	"strings"
	"testing"
)

// specMnemonic is the btwallet test mnemonic from ecosystem.md §2.6.
const specMnemonic = "old leopard transfer rib spatial phone calm indicate online fire caution review"

// TestDevRootPublicKey checks the abbreviated public key go-conventions.md §2(e) gives
// for the dev phrase root (0x46ebddef…b47a).
func TestDevRootPublicKey(t *testing.T) {
	t.Parallel()
	kp, err := FromSURI(DevPhrase)
	if err != nil {
		t.Fatal(err)
	}
	h := AccountID(kp.Public()).Hex()
	if !strings.HasPrefix(h, "0x46ebddef") || !strings.HasSuffix(h, "b47a") {
		t.Errorf("dev root public key %s, want 0x46ebddef…b47a", h)
	}
}

func TestSURIVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		suri   string
		pubHex string // empty when the spec gives only the address
		ss58   string
	}{
		{"btwallet mnemonic", specMnemonic, "e4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446", "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"},
		{"btwallet mnemonic hard Alice", specMnemonic + "//Alice", "", "5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN"},
		{"btwallet mnemonic soft Alice", specMnemonic + "/Alice", "", "5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i"},
		{"Alice", "//Alice", "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"},
		{"Bob", "//Bob", "8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"},
		{"Alice stash", "//Alice//stash", "", "5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY"},
		{"Bob hard then soft", "//Bob/test", "", "5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf"},
		{"Bob soft then hard", "/Bob//test", "", "5Cwc8tShrshDJUp1P1M21dKUTcYQpV9GcfSa4hUBNmMdV3Cx"},
		{"long junction hashed", "//PathNameLongerThan32BytesWhichShouldBeHashed", "", "5GR5pfZeNs1uQiSWVxZaQiZou3wdZiX894eqgvfNfHbEh7W2"},
		{"dev phrase root", DevPhrase, "", "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV"},
		{"dev seed hex hard Alice", "0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e//Alice", "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"},
		{"spec seed hex", "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143", "e4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446", "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kp, err := FromSURI(tc.suri)
			if err != nil {
				t.Fatalf("FromSURI: %v", err)
			}
			if got := kp.SS58(); got != tc.ss58 {
				t.Errorf("ss58 = %s, want %s", got, tc.ss58)
			}
			if tc.pubHex != "" {
				pub := kp.Public()
				if got := hex.EncodeToString(pub[:]); got != tc.pubHex {
					t.Errorf("public = %s, want %s", got, tc.pubHex)
				}
			}
		})
	}
}
