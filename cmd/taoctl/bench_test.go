package main

import (
	"io"
	"strings"
	"testing"
)

// Startup cost of a command, measured in-process: building the app (every
// command and flag) and running it. Process start and package init come on
// top; see docs/taoctl.md for the measured wall time of the binary.

func BenchmarkMainVersion(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if code := Main([]string{"taoctl", "--version"}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

func BenchmarkMainHelp(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if code := Main([]string{"taoctl", "--help"}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

func BenchmarkMainWalletList(b *testing.B) {
	dir := b.TempDir()
	if r := taoctl(b, "wallet", "regen-coldkey", "--no-password", "--uri", "//Alice", "--wallet.path", dir, "--wallet.name", "a"); r.code != 0 {
		b.Fatal(r.stderr)
	}
	b.ReportAllocs()
	for b.Loop() {
		if code := Main([]string{"taoctl", "wallet", "list", "--wallet.path", dir, "-o", "json"}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
