package config

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		want       string // error substring; "" = ok
	}{
		{"empty", "", ""},
		{"values", "[node]\nblock_time = \"3s\"\ninstant = true\n[api]\nlisten = \"127.0.0.1:0\"\n", ""},
		{"unknown key", "[node]\nblock_time = \"3s\"\n\n[api]\nlistn = \"x\"\n", `f.toml:5: unknown key "api.listn"`},
		{"unknown table", "[nodes]\nx = 1\n", `f.toml:1: unknown key "nodes"`},
		{"unknown top", "verbose = true\n", `f.toml:1: unknown key "verbose"`},
		{"syntax", "[node]\nblock_time = \n", "f.toml:2:"},
		{"bad duration", "[node]\nblock_time = \"soon\"\n", "f.toml"},
		{"wrong type", "[mempool]\nmax_txs = \"many\"\n", "f.toml"},
		{"zero block time", "[node]\nblock_time = \"0s\"\n", "block_time must be positive"},
		{"bad listen", "[api]\nlisten = \"nowhere\"\n", "api.listen"},
		{"no retain", "[store]\nretain = 0\n", "store.retain"},
		{"archive", "[store]\nretain = 0\narchive = true\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.toml), "f.toml")
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrConfig)):
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDefaultsRoundTrip(t *testing.T) {
	d := Default()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Node.BlockTime != 12*time.Second || d.Store.Retain < 7200 || !strings.HasPrefix(d.API.Listen, "127.0.0.1:") {
		t.Fatalf("defaults %+v", d)
	}
	var b bytes.Buffer
	if err := d.Encode(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `block_time = "12s"`) {
		t.Fatalf("durations must be strings:\n%s", b.String())
	}
	back, err := Parse(b.Bytes(), "dump")
	if err != nil || back != d {
		t.Fatalf("round trip %+v %v", back, err)
	}
}

func TestKeys(t *testing.T) {
	c := Default()
	seen := map[string]bool{}
	for _, k := range Keys() {
		if seen[k.Flag] {
			t.Fatalf("duplicate flag %s", k.Flag)
		}
		seen[k.Flag] = true
	}
	set := func(flag, v string) error {
		for _, k := range Keys() {
			if k.Flag == flag {
				return k.Set(&c, v)
			}
		}
		t.Fatalf("no flag %s", flag)
		return nil
	}
	for flag, v := range map[string]string{"block-time": "2s", "instant": "true", "api.listen": "127.0.0.1:1", "store.retain": "10", "archive": "true", "mempool.max-txs": "5", "api.max-body": "99"} {
		if err := set(flag, v); err != nil {
			t.Fatal(err)
		}
	}
	if c.Node.BlockTime != 2*time.Second || !c.Node.Instant || c.API.Listen != "127.0.0.1:1" || c.Store.Retain != 10 || !c.Store.Archive || c.Mempool.MaxTxs != 5 || c.API.MaxBodyBytes != 99 {
		t.Fatalf("after Set: %+v", c)
	}
	if err := set("block-time", "later"); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "--block-time") {
		t.Fatalf("bad value: %v", err)
	}
	if Resolve("/h", "data/x.db") != "/h/data/x.db" || Resolve("/h", "/abs") != "/abs" {
		t.Fatal("Resolve")
	}
}
