package keys

import (
	mrand "math/rand/v2"
	"testing"
)

// TestVerifyBatch: a batch of valid signatures passes; a batch holding one
// item that Verify rejects (every mutation of the differential test) fails;
// a batch holding one mutated item that Verify still accepts passes.
func TestVerifyBatch(t *testing.T) {
	t.Parallel()
	r := mrand.New(mrand.NewPCG(11, 12))
	valid := func(n int) []BatchItem {
		out := make([]BatchItem, n)
		for i := range out {
			kp := randomKeypair(t, r)
			msg := randBytes(r, r.IntN(120))
			sig, err := kp.Sign(msg)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = BatchItem{kp.Public(), msg, sig[:]}
		}
		return out
	}
	if !VerifyBatch(nil) {
		t.Fatal("empty batch rejected")
	}
	for _, n := range []int{1, 2, 7, 64} {
		if !VerifyBatch(valid(n)) {
			t.Fatalf("batch of %d valid signatures rejected", n)
		}
	}
	cases := fixedCases(t)
	n := 60
	if testing.Short() {
		n = 10
	}
	for i := range n {
		cases = append(cases, mutations(t, r, i, false)...)
	}
	accepted := 0
	for _, c := range cases {
		batch := valid(3)
		pos := r.IntN(len(batch) + 1)
		batch = append(batch[:pos], append([]BatchItem{{c.pub, c.msg, c.sig}}, batch[pos:]...)...)
		want := Verify(c.pub, c.msg, c.sig)
		if got := VerifyBatch(batch); got != want {
			t.Fatalf("%s: batch = %v, Verify = %v", c.name, got, want)
		}
		if want {
			accepted++
		}
	}
	if accepted < n {
		t.Fatalf("only %d of %d base cases accepted", accepted, n)
	}
	t.Logf("%d batches, %d valid", len(cases), accepted)
}

func FuzzVerifyBatch(f *testing.F) {
	kp := FromSeed([32]byte{7})
	sig, _ := kp.Sign([]byte("m"))
	pk := kp.Public()
	f.Add(pk[:], []byte("m"), sig[:])
	f.Fuzz(func(t *testing.T, pub, msg, sig []byte) {
		if len(pub) != 32 {
			return
		}
		it := BatchItem{[32]byte(pub), msg, sig}
		good, _ := kp.Sign([]byte("ok"))
		batch := []BatchItem{{kp.Public(), []byte("ok"), good[:]}, it}
		if got, want := VerifyBatch(batch), Verify(it.Pub, it.Msg, it.Sig); got != want {
			t.Fatalf("batch %v, Verify %v", got, want)
		}
	})
}

func BenchmarkVerifyBatch(b *testing.B) {
	r := mrand.New(mrand.NewPCG(5, 6))
	for _, n := range []int{1, 16, 64, 256} {
		items := make([]BatchItem, n)
		for i := range items {
			kp := randomKeypair(b, r)
			msg := randBytes(r, 100)
			sig, _ := kp.Sign(msg)
			items[i] = BatchItem{kp.Public(), msg, sig[:]}
		}
		b.Run(itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !VerifyBatch(items) {
					b.Fatal("rejected")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/sig")
		})
	}
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}
