// Package config is taod's configuration: built-in defaults, overlaid by
// the home's config.toml, then by TAO_* environment variables and command
// flags (the command layer applies those two through Set, since both are
// flags to it). Unknown TOML keys are errors naming the file and line.
package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// ErrConfig marks every configuration error.
var ErrConfig = errors.New("configuration error")

// DefaultRetain is the default history window: one day of 12 s blocks.
const DefaultRetain = 7200

// Config is taod's configuration (config.toml).
type Config struct {
	Node    Node    `toml:"node"`
	Store   Store   `toml:"store"`
	Mempool Mempool `toml:"mempool"`
	API     API     `toml:"api"`
}

// Node configures block production.
type Node struct {
	Genesis       string        `toml:"genesis"`         // genesis file, relative to the home
	BlockTime     time.Duration `toml:"block_time"`      // one block per interval
	Instant       bool          `toml:"instant"`         // a block as soon as calls are ready instead
	MaxBlockTxs   int           `toml:"max_block_txs"`   // calls per block
	MaxBlockBytes int           `toml:"max_block_bytes"` // encoded call bytes per block
	VerifyRoot    bool          `toml:"verify_root"`     // recompute the state root at start
	// CheckInvariants verifies the state invariants after every block (a
	// debug aid: it walks the whole state).
	CheckInvariants bool `toml:"check_invariants"`
}

// Store configures persistence.
type Store struct {
	Path    string `toml:"path"`    // bbolt file, relative to the home
	Retain  uint64 `toml:"retain"`  // recent blocks served by ?at=H
	Archive bool   `toml:"archive"` // keep every height (overrides retain)
	NoSync  bool   `toml:"no_sync"` // skip fsync (tests only: a machine crash may lose blocks)
}

// Mempool bounds pending calls.
type Mempool struct {
	MaxTxs        int `toml:"max_txs"`
	MaxBytes      int `toml:"max_bytes"`
	MaxPerAccount int `toml:"max_per_account"`
}

// API configures the HTTP server.
type API struct {
	Listen       string        `toml:"listen"` // host:port; loopback unless asked otherwise
	MaxBodyBytes int64         `toml:"max_body_bytes"`
	ReadTimeout  time.Duration `toml:"read_timeout"`
	WriteTimeout time.Duration `toml:"write_timeout"`
	MaxWait      time.Duration `toml:"max_wait"` // longest ?wait=true
}

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		Node:    Node{Genesis: "genesis.toml", BlockTime: 12 * time.Second, MaxBlockTxs: 10_000, MaxBlockBytes: 8 << 20, VerifyRoot: true},
		Store:   Store{Path: "data/chain.db", Retain: DefaultRetain},
		Mempool: Mempool{MaxTxs: 50_000, MaxBytes: 64 << 20, MaxPerAccount: 256},
		API:     API{Listen: "127.0.0.1:9944", MaxBodyBytes: 1 << 20, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, MaxWait: 60 * time.Second},
	}
}

// Load reads a TOML file over the defaults. A missing file is an error
// wrapping fs.ErrNotExist.
func Load(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	return Parse(data, path)
}

// Parse decodes TOML over the defaults; name labels errors.
func Parse(data []byte, name string) (Config, error) {
	c := Default()
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return c, fmt.Errorf("%w: %s:%d: %s", ErrConfig, name, pe.Position.Line, pe.Message)
		}
		return c, fmt.Errorf("%w: %s: %w", ErrConfig, name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		return c, fmt.Errorf("%w: %s:%d: unknown key %q", ErrConfig, name, keyLine(data, k), k)
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// keyLine finds the line defining a dotted key (0 when not found).
func keyLine(data []byte, key string) int {
	sc := bufio.NewScanner(bytes.NewReader(data))
	table, line := "", 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "[") {
			t := strings.Trim(l, "[] ")
			if t == key {
				return line
			}
			table = t
			continue
		}
		name, _, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		full := strings.Trim(strings.TrimSpace(name), `"'`)
		if table != "" {
			full = table + "." + full
		}
		if full == key || strings.HasPrefix(key, full+".") {
			return line
		}
	}
	return 0
}

// Validate checks values.
func (c Config) Validate() error {
	switch {
	case c.Node.BlockTime <= 0:
		return fmt.Errorf("%w: node.block_time must be positive", ErrConfig)
	case c.Node.MaxBlockTxs <= 0 || c.Node.MaxBlockBytes <= 0:
		return fmt.Errorf("%w: node.max_block_txs and node.max_block_bytes must be positive", ErrConfig)
	case c.Mempool.MaxTxs <= 0 || c.Mempool.MaxBytes <= 0 || c.Mempool.MaxPerAccount <= 0:
		return fmt.Errorf("%w: mempool limits must be positive", ErrConfig)
	case c.API.MaxBodyBytes <= 0 || c.API.ReadTimeout <= 0 || c.API.WriteTimeout <= 0 || c.API.MaxWait <= 0:
		return fmt.Errorf("%w: api limits and timeouts must be positive", ErrConfig)
	case c.Store.Path == "" || c.Node.Genesis == "":
		return fmt.Errorf("%w: store.path and node.genesis must be set", ErrConfig)
	case !c.Store.Archive && c.Store.Retain == 0:
		return fmt.Errorf("%w: store.retain must be positive (or set store.archive)", ErrConfig)
	}
	if _, _, err := net.SplitHostPort(c.API.Listen); err != nil {
		return fmt.Errorf("%w: api.listen %q: %w", ErrConfig, c.API.Listen, err)
	}
	return nil
}

// Encode writes c as TOML.
func (c Config) Encode(w io.Writer) error {
	return toml.NewEncoder(w).Encode(c)
}

// Resolve returns p relative to home unless absolute.
func Resolve(home, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(home, p)
}

// Key is one setting that flags and TAO_* variables can override.
type Key struct {
	Name  string // TOML key, e.g. api.listen
	Flag  string // flag name, e.g. api.listen (env TAO_API_LISTEN)
	Bool  bool   // a boolean switch
	Usage string
	set   func(*Config, string) error
}

// Set applies the string value of a flag or environment variable.
func (k Key) Set(c *Config, v string) error {
	if err := k.set(c, v); err != nil {
		return fmt.Errorf("%w: --%s=%q: %w", ErrConfig, k.Flag, v, err)
	}
	return nil
}

func durKey(name, flag, usage string, f func(*Config) *time.Duration) Key {
	return Key{Name: name, Flag: flag, Usage: usage, set: func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		*f(c) = d
		return err
	}}
}

func intKey(name, flag, usage string, f func(*Config) *int) Key {
	return Key{Name: name, Flag: flag, Usage: usage, set: func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		*f(c) = n
		return err
	}}
}

func boolKey(name, flag, usage string, f func(*Config) *bool) Key {
	return Key{Name: name, Flag: flag, Bool: true, Usage: usage, set: func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		*f(c) = b
		return err
	}}
}

func strKey(name, flag, usage string, f func(*Config) *string) Key {
	return Key{Name: name, Flag: flag, Usage: usage, set: func(c *Config, v string) error {
		*f(c) = v
		return nil
	}}
}

// Keys lists the overridable settings.
func Keys() []Key {
	return []Key{
		strKey("node.genesis", "genesis", "genesis file (relative to the home)", func(c *Config) *string { return &c.Node.Genesis }),
		durKey("node.block_time", "block-time", "block interval", func(c *Config) *time.Duration { return &c.Node.BlockTime }),
		boolKey("node.instant", "instant", "produce a block as soon as calls are ready", func(c *Config) *bool { return &c.Node.Instant }),
		intKey("node.max_block_txs", "block.max-txs", "calls per block", func(c *Config) *int { return &c.Node.MaxBlockTxs }),
		intKey("node.max_block_bytes", "block.max-bytes", "call bytes per block", func(c *Config) *int { return &c.Node.MaxBlockBytes }),
		boolKey("node.verify_root", "verify-root", "recompute the state root from the store at start", func(c *Config) *bool { return &c.Node.VerifyRoot }),
		boolKey("node.check_invariants", "check-invariants", "verify the state invariants after every block (debug; walks the whole state)", func(c *Config) *bool { return &c.Node.CheckInvariants }),
		strKey("store.path", "store.path", "store file (relative to the home)", func(c *Config) *string { return &c.Store.Path }),
		{Name: "store.retain", Flag: "store.retain", Usage: "recent blocks kept for ?at=H queries", set: func(c *Config, v string) error {
			n, err := strconv.ParseUint(v, 10, 64)
			c.Store.Retain = n
			return err
		}},
		boolKey("store.archive", "archive", "keep the state of every height", func(c *Config) *bool { return &c.Store.Archive }),
		boolKey("store.no_sync", "store.no-sync", "skip fsync on commit (tests only)", func(c *Config) *bool { return &c.Store.NoSync }),
		intKey("mempool.max_txs", "mempool.max-txs", "pending calls in all", func(c *Config) *int { return &c.Mempool.MaxTxs }),
		intKey("mempool.max_bytes", "mempool.max-bytes", "pending call bytes in all", func(c *Config) *int { return &c.Mempool.MaxBytes }),
		intKey("mempool.max_per_account", "mempool.max-per-account", "pending calls per signer", func(c *Config) *int { return &c.Mempool.MaxPerAccount }),
		strKey("api.listen", "api.listen", "API listen address (host:port; port 0 picks one)", func(c *Config) *string { return &c.API.Listen }),
		{Name: "api.max_body_bytes", Flag: "api.max-body", Usage: "request body limit in bytes", set: func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			c.API.MaxBodyBytes = n
			return err
		}},
		durKey("api.read_timeout", "api.read-timeout", "request read timeout", func(c *Config) *time.Duration { return &c.API.ReadTimeout }),
		durKey("api.write_timeout", "api.write-timeout", "response write timeout", func(c *Config) *time.Duration { return &c.API.WriteTimeout }),
		durKey("api.max_wait", "api.max-wait", "longest ?wait=true", func(c *Config) *time.Duration { return &c.API.MaxWait }),
	}
}
