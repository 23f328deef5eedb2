package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

// pkgDir is the package directory, read before any test changes directory.
var pkgDir, _ = os.Getwd()

// result is one in-process run of taoctl.
type result struct {
	stdout, stderr string
	code           int
}

// taoctl runs Main in-process with stdin empty (not a terminal).
func taoctl(t testing.TB, args ...string) result {
	t.Helper()
	return taoctlIn(t, "", args...)
}

func taoctlIn(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"taoctl"}, args...), strings.NewReader(stdin), &out, &errb)
	return result{out.String(), errb.String(), code}
}

// ok runs taoctl and fails the test unless it exits 0.
func ok(t testing.TB, args ...string) result {
	t.Helper()
	r := taoctl(t, args...)
	if r.code != 0 {
		t.Fatalf("taoctl %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// fails runs taoctl and checks the exit code and that stderr mentions want.
func fails(t testing.TB, code int, want string, args ...string) result {
	t.Helper()
	r := taoctl(t, args...)
	if r.code != code {
		t.Fatalf("taoctl %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Fatalf("taoctl %s: stderr %q does not mention %q", strings.Join(args, " "), r.stderr, want)
	}
	return r
}

// jsonLines decodes JSON Lines output into records.
func jsonLines[T any](t testing.TB, s string) []T {
	t.Helper()
	var out []T
	dec := json.NewDecoder(strings.NewReader(s))
	for dec.More() {
		var v T
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("decode %q: %v", s, err)
		}
		out = append(out, v)
	}
	return out
}

func jsonOne[T any](t testing.TB, s string) T {
	t.Helper()
	recs := jsonLines[T](t, s)
	if len(recs) != 1 {
		t.Fatalf("want 1 record, got %d in %q", len(recs), s)
	}
	return recs[0]
}

// golden compares got with testdata/golden/name, rewriting it with -update.
func golden(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join(pkgDir, "testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// goldenJSON compares JSON Lines semantically with the golden file.
func goldenJSON(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join(pkgDir, "testdata", "golden", name)
	if *update {
		golden(t, name, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	g, w := jsonLines[any](t, got), jsonLines[any](t, string(want))
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

type cliCommand = cli.Command
