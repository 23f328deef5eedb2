package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/config"
	"github.com/taokit/taokit/internal/store"
)

// Files in a home directory.
const (
	configFile  = "config.toml"
	genesisFile = "genesis.toml"
	addrFile    = "api.addr" // the API's actual address while taod runs
)

func homeFlag() cli.Flag {
	return &cli.StringFlag{Name: "home", Usage: "chain home directory (default ~/.taokit)"}
}

func configFlag() cli.Flag {
	return &cli.StringFlag{Name: "config", Usage: "config file (default <home>/config.toml)"}
}

// settingFlags are the config keys as flags (env TAO_<FLAG>).
func settingFlags() []cli.Flag {
	var fs []cli.Flag
	for _, k := range config.Keys() {
		if k.Bool {
			fs = append(fs, &cli.BoolFlag{Name: k.Flag, Usage: k.Usage + " (" + k.Name + ")"})
		} else {
			fs = append(fs, &cli.StringFlag{Name: k.Flag, Usage: k.Usage + " (" + k.Name + ")"})
		}
	}
	return fs
}

// homeDir resolves --home / TAO_HOME, else ~/.taokit.
func homeDir(c *cli.Context) (string, error) {
	if h := c.String("home"); h != "" {
		return filepath.Abs(h)
	}
	u, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("%w: no home directory (set --home or TAO_HOME): %w", tcli.ErrConfig, err)
	}
	return filepath.Join(u, ".taokit"), nil
}

// loadConfig reads the config file (missing is fine unless required) and
// applies flags and TAO_* variables over it.
func loadConfig(c *cli.Context, home string, required bool) (config.Config, string, error) {
	path := c.String("config")
	explicit := path != ""
	if !explicit {
		path = filepath.Join(home, configFile)
	}
	cfg, err := config.Load(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit && !required:
		cfg = config.Default()
	case errors.Is(err, fs.ErrNotExist):
		return cfg, path, fmt.Errorf("%w: %s does not exist (run 'taod init --home %s' first)", tcli.ErrConfig, path, home)
	case err != nil:
		return cfg, path, cfgErr(err)
	}
	if err := applyFlags(c, &cfg); err != nil {
		return cfg, path, err
	}
	return cfg, path, nil
}

// applyFlags overlays the flags and TAO_* variables that were set.
func applyFlags(c *cli.Context, cfg *config.Config) error {
	for _, k := range config.Keys() {
		if !c.IsSet(k.Flag) {
			continue
		}
		v := c.String(k.Flag)
		if k.Bool {
			v = fmt.Sprint(c.Bool(k.Flag))
		}
		if err := k.Set(cfg, v); err != nil {
			return cfgErr(err)
		}
	}
	return cfgErr(cfg.Validate())
}

// cfgErr marks a config package error for exit code 3.
func cfgErr(err error) error {
	if err == nil || errors.Is(err, tcli.ErrConfig) {
		return err
	}
	if errors.Is(err, config.ErrConfig) {
		return fmt.Errorf("%w: %w", tcli.ErrConfig, err)
	}
	return err
}

// openStore opens the home's store with the configured retention.
func openStore(home string, cfg config.Config) (*store.BoltStore, string, error) {
	path := config.Resolve(home, cfg.Store.Path)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, path, err
	}
	st, err := store.OpenBolt(path, store.Options{Retain: retain(cfg), NoSync: cfg.Store.NoSync})
	if err != nil {
		return nil, path, fmt.Errorf("%w: %w (is another taod using this home?)", tcli.ErrIO, err)
	}
	return st, path, nil
}

// retain converts the configured block window to store heights (the store
// holds two heights before block 1: genesis and its metadata).
func retain(cfg config.Config) uint64 {
	if cfg.Store.Archive {
		return 0
	}
	return cfg.Store.Retain + 2
}
