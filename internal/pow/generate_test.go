package pow

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The generated Keccak and SHA-256 code matches its generators.
func TestGeneratedFilesUpToDate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args  []string
		pairs [][2]string // committed file, fresh output
	}{
		{[]string{"run", "./internal/keccakgen", "-o", filepath.Join(dir, "k.go"), "-asm", filepath.Join(dir, "k.s")},
			[][2]string{{"keccakf_gen.go", "k.go"}, {"keccak256x32x8_amd64.s", "k.s"}}},
		{[]string{"run", "./internal/sha256gen", "-in", "sha256ni_amd64.s", "-o", filepath.Join(dir, "s.s")},
			[][2]string{{"sha256x8_amd64.s", "s.s"}}},
	} {
		if out, err := exec.Command("go", tc.args...).CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", tc.args, err, out)
		}
		for _, p := range tc.pairs {
			want, err := os.ReadFile(p[0])
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, p[1]))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is stale: run go generate in internal/pow", p[0])
			}
		}
	}
}
