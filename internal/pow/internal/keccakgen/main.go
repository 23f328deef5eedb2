// Command keccakgen writes the Keccak-f[1600] code of package pow.
//
// keccakf_gen.go (Go) holds two functions from one round emitter that, like
// x/crypto's keccakF1600, keeps the state in a 25-word array updated in
// place (the lane-to-slot map rotates and returns to the identity every four
// rounds, so loops run four rounds per iteration):
//
//   - keccakF1600(a *[25]uint64): the general permutation, used for
//     Keccak-256 of arbitrary input (the block-and-hotkey hash);
//   - keccak256x32(m0, m1, m2, m3 uint64) (o0, o1, o2, o3 uint64): Keccak-256
//     of exactly 32 bytes, with the message and the Keccak padding folded
//     into round 0 and only the four output lanes computed in round 23.
//
// keccak256x32x8_amd64.s (AVX-512) computes eight keccak256x32 at once, one
// message per 64-bit element, the state in Z0–Z24.
//
// A fully unrolled variant with the lanes in 25 local variables was tried
// first and was 1.5× slower: the register allocator spills them anyway and
// 24 unrolled rounds overflow the µop cache.
//
// Run it through go generate in internal/pow.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
)

var rc = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
	0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
	0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

// rho[x][y] is the rotation offset of lane (x, y).
var rho = [5][5]int{
	{0, 36, 3, 41, 18},
	{1, 44, 10, 45, 2},
	{62, 6, 43, 15, 61},
	{28, 55, 25, 21, 56},
	{27, 20, 39, 8, 14},
}

// roundGen emits Keccak-f[1600] rounds that keep the state in the 25-word
// array a and update it in place, as x/crypto's keccakF1600 does: a round
// reads the five lanes that feed one output row into locals, then writes
// the row back into the slots it just read. The logical-lane-to-slot map
// therefore changes each round; the generator tracks it in loc.
type roundGen struct {
	w   *bytes.Buffer
	loc [25]int // loc[logical lane] = slot in a
	// lane0, when non-nil, gives the expression of each logical lane for
	// round 0 ("" for a lane known to be zero); it replaces a[slot].
	lane0 []string
}

func (g *roundGen) lane(i int) string {
	if g.lane0 != nil {
		return g.lane0[i]
	}
	return fmt.Sprintf("a[%d]", g.loc[i])
}

func xor(terms ...string) string {
	var nz []string
	for _, t := range terms {
		if t != "" {
			nz = append(nz, t)
		}
	}
	if len(nz) == 0 {
		return "0"
	}
	out := nz[0]
	for _, t := range nz[1:] {
		out += " ^ " + t
	}
	return out
}

// source returns the logical lane (x, y) whose rho-pi image is (X, Y).
func source(X, Y int) (x, y int) {
	y = X
	x = ((Y-3*X)%5 + 5) % 5 * 3 % 5 // 3 is the inverse of 2 mod 5
	return x, y
}

// round emits round r. When last is true only output lanes 0..3 are
// computed, into o0..o3.
func (g *roundGen) round(r int, last bool) {
	g.roundRC(fmt.Sprintf("0x%016x", rc[r]), fmt.Sprint(r), last)
}

// roundRC emits one round whose iota constant is the expression rcExpr.
func (g *roundGen) roundRC(rcExpr, name string, last bool) {
	w := g.w
	fmt.Fprintf(w, "\n// round %s\n", name)
	for x := 0; x < 5; x++ {
		fmt.Fprintf(w, "c%d = %s\n", x, xor(g.lane(x), g.lane(x+5), g.lane(x+10), g.lane(x+15), g.lane(x+20)))
	}
	for x := 0; x < 5; x++ {
		fmt.Fprintf(w, "d%d = c%d ^ bits.RotateLeft64(c%d, 1)\n", x, (x+4)%5, (x+1)%5)
	}
	var newloc [25]int
	rows := 5
	if last {
		rows = 1
	}
	for Y := 0; Y < rows; Y++ {
		var slots [5]int
		for X := 0; X < 5; X++ {
			x, y := source(X, Y)
			if (2*x+3*y)%5 != Y {
				log.Fatalf("bad source for (%d,%d)", X, Y)
			}
			slots[x] = g.loc[x+5*y] // x/crypto layout: new lane (X, Y) goes to the slot of the source with x == X
			v := xor(g.lane(x+5*y), fmt.Sprintf("d%d", x))
			if rho[x][y] == 0 {
				fmt.Fprintf(w, "b%d = %s\n", X, v)
			} else {
				fmt.Fprintf(w, "b%d = bits.RotateLeft64(%s, %d)\n", X, v, rho[x][y])
			}
		}
		for X := 0; X < 5; X++ {
			i := X + 5*Y
			expr := fmt.Sprintf("b%d ^ (b%d &^ b%d)", X, (X+2)%5, (X+1)%5)
			if i == 0 {
				expr += " ^ " + rcExpr
			}
			if last {
				if X < 4 {
					fmt.Fprintf(w, "o%d = %s\n", X, expr)
				}
				continue
			}
			newloc[i] = slots[X]
			fmt.Fprintf(w, "a[%d] = %s\n", slots[X], expr)
		}
	}
	g.loc = newloc
	g.lane0 = nil
}

func newGen(w *bytes.Buffer) *roundGen {
	g := &roundGen{w: w}
	for i := range g.loc {
		g.loc[i] = i
	}
	return g
}

// asmGen writes keccak256x32x8_amd64.s: eight Keccak-256 computations of
// 32-byte messages at once, one message per 64-bit element of the AVX-512
// registers. Lane i of the state lives in Z(slot), with the same in-place
// slot scheme as the Go code (so four rounds return to the identity map and
// the loop body is four rounds). C/B temporaries are Z25–Z29, D is Z30.
func asmGen(w *bytes.Buffer) {
	fmt.Fprintln(w, "// Code generated by internal/keccakgen; DO NOT EDIT.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "//go:build amd64 && !purego")
	fmt.Fprintln(w)
	fmt.Fprintln(w, `#include "textflag.h"`)
	fmt.Fprintln(w)
	for i, c := range rc {
		fmt.Fprintf(w, "DATA ·keccakRC8+%d(SB)/8, $0x%016x\n", 8*i, c)
	}
	fmt.Fprintln(w, "GLOBL ·keccakRC8(SB), RODATA|NOPTR, $192")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "// func keccak256x32x8(in, out *[4][8]uint64)")
	fmt.Fprintln(w, "TEXT ·keccak256x32x8(SB), NOSPLIT, $0-16")
	fmt.Fprintln(w, "\tMOVQ in+0(FP), AX")
	fmt.Fprintln(w, "\tMOVQ out+8(FP), BX")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(w, "\tVMOVDQU64 %d(AX), Z%d\n", 64*i, i)
	}
	fmt.Fprintln(w, "\tMOVQ $0x01, CX")
	fmt.Fprintln(w, "\tVPBROADCASTQ CX, Z4")
	fmt.Fprintln(w, "\tMOVQ $0x8000000000000000, CX")
	fmt.Fprintln(w, "\tVPBROADCASTQ CX, Z16")
	for i := 5; i < 25; i++ {
		if i != 16 {
			fmt.Fprintf(w, "\tVPXORQ Z%d, Z%d, Z%d\n", i, i, i)
		}
	}
	fmt.Fprintln(w, "\tLEAQ ·keccakRC8(SB), R8")
	fmt.Fprintln(w, "\tMOVQ $6, CX")
	fmt.Fprintln(w, "loop:")
	var loc [25]int
	for i := range loc {
		loc[i] = i
	}
	z := func(lane int) string { return fmt.Sprintf("Z%d", loc[lane]) }
	const cBase, dReg = 25, 30
	for k := 0; k < 4; k++ {
		fmt.Fprintf(w, "\t// round i+%d: theta\n", k)
		for x := 0; x < 5; x++ {
			c := fmt.Sprintf("Z%d", cBase+x)
			fmt.Fprintf(w, "\tVPXORQ %s, %s, %s\n", z(x+5), z(x), c)
			fmt.Fprintf(w, "\tVPTERNLOGQ $0x96, %s, %s, %s\n", z(x+15), z(x+10), c)
			fmt.Fprintf(w, "\tVPXORQ %s, %s, %s\n", z(x+20), c, c)
		}
		for x := 0; x < 5; x++ {
			fmt.Fprintf(w, "\tVPROLQ $1, Z%d, Z%d\n", cBase+(x+1)%5, dReg)
			fmt.Fprintf(w, "\tVPXORQ Z%d, Z%d, Z%d\n", cBase+(x+4)%5, dReg, dReg)
			for y := 0; y < 5; y++ {
				fmt.Fprintf(w, "\tVPXORQ Z%d, %s, %s\n", dReg, z(x+5*y), z(x+5*y))
			}
		}
		fmt.Fprintf(w, "\t// round i+%d: rho, pi, chi, iota\n", k)
		var newloc [25]int
		for Y := 0; Y < 5; Y++ {
			var slots [5]int
			for X := 0; X < 5; X++ {
				x, y := source(X, Y)
				slots[x] = loc[x+5*y]
				if rho[x][y] == 0 {
					fmt.Fprintf(w, "\tVMOVDQA64 %s, Z%d\n", z(x+5*y), cBase+X)
				} else {
					fmt.Fprintf(w, "\tVPROLQ $%d, %s, Z%d\n", rho[x][y], z(x+5*y), cBase+X)
				}
			}
			for X := 0; X < 5; X++ {
				r := fmt.Sprintf("Z%d", slots[X])
				newloc[X+5*Y] = slots[X]
				fmt.Fprintf(w, "\tVMOVDQA64 Z%d, %s\n", cBase+X, r)
				fmt.Fprintf(w, "\tVPTERNLOGQ $0xD2, Z%d, Z%d, %s\n", cBase+(X+2)%5, cBase+(X+1)%5, r)
				if X == 0 && Y == 0 {
					fmt.Fprintf(w, "\tVPBROADCASTQ %d(R8), Z%d\n", 8*k, dReg)
					fmt.Fprintf(w, "\tVPXORQ Z%d, %s, %s\n", dReg, r, r)
				}
			}
		}
		loc = newloc
	}
	for i, sl := range loc {
		if i != sl {
			log.Fatalf("asm: lane %d ends in slot %d", i, sl)
		}
	}
	fmt.Fprintln(w, "\tADDQ $32, R8")
	fmt.Fprintln(w, "\tDECQ CX")
	fmt.Fprintln(w, "\tJNZ loop")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(w, "\tVMOVDQU64 Z%d, %d(BX)\n", i, 64*i)
	}
	fmt.Fprintln(w, "\tVZEROUPPER")
	fmt.Fprintln(w, "\tRET")
}

func main() {
	out := flag.String("o", "keccakf_gen.go", "output file for the Go code")
	asmOut := flag.String("asm", "keccak256x32x8_amd64.s", "output file for the AVX-512 assembly")
	flag.Parse()
	var a bytes.Buffer
	asmGen(&a)
	if err := os.WriteFile(*asmOut, a.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	var w bytes.Buffer
	fmt.Fprintln(&w, "// Code generated by internal/keccakgen; DO NOT EDIT.")
	fmt.Fprintln(&w)
	fmt.Fprintln(&w, "package pow")
	fmt.Fprintln(&w)
	fmt.Fprintln(&w, `import "math/bits"`)
	fmt.Fprintln(&w, "\n// roundConstants are the Keccak-f[1600] iota constants.")
	fmt.Fprintln(&w, "var roundConstants = [24]uint64{")
	for _, c := range rc {
		fmt.Fprintf(&w, "0x%016x,\n", c)
	}
	fmt.Fprintln(&w, "}")

	// General permutation.
	fmt.Fprintln(&w, "\n// keccakF1600 applies the Keccak-f[1600] permutation to a in place.")
	fmt.Fprintln(&w, "func keccakF1600(a *[25]uint64) {")
	fmt.Fprintln(&w, "var b0, b1, b2, b3, b4, c0, c1, c2, c3, c4, d0, d1, d2, d3, d4 uint64")
	g := newGen(&w)
	fmt.Fprintln(&w, "for i := 0; i < 24; i += 4 {")
	for k := 0; k < 4; k++ {
		g.roundRC(fmt.Sprintf("roundConstants[i+%d]", k), fmt.Sprintf("i+%d", k), false)
	}
	fmt.Fprintln(&w, "}")
	for i, s := range g.loc {
		if i != s {
			log.Fatalf("lane %d ends in slot %d", i, s)
		}
	}
	fmt.Fprintln(&w, "}")

	// Specialised 32-byte Keccak-256.
	fmt.Fprintln(&w, "\n// keccak256x32 returns Keccak-256 (original padding) of the 32-byte message")
	fmt.Fprintln(&w, "// whose little-endian 64-bit words are m0..m3, as the four little-endian")
	fmt.Fprintln(&w, "// 64-bit words of the digest. The message and the Keccak padding (0x01 at")
	fmt.Fprintln(&w, "// byte 32, 0x80 at byte 135 of the 136-byte rate) are folded into round 0;")
	fmt.Fprintln(&w, "// round 23 computes only the four output lanes.")
	fmt.Fprintln(&w, "func keccak256x32(m0, m1, m2, m3 uint64) (o0, o1, o2, o3 uint64) {")
	fmt.Fprintln(&w, "var a [25]uint64")
	fmt.Fprintln(&w, "var b0, b1, b2, b3, b4, c0, c1, c2, c3, c4, d0, d1, d2, d3, d4 uint64")
	g = newGen(&w)
	g.lane0 = make([]string, 25)
	g.lane0[0], g.lane0[1], g.lane0[2], g.lane0[3] = "m0", "m1", "m2", "m3"
	g.lane0[4] = "0x01"
	g.lane0[16] = "0x8000000000000000"
	for r := 0; r < 4; r++ {
		g.round(r, false)
	}
	for i, s := range g.loc {
		if i != s {
			log.Fatalf("lane %d ends in slot %d", i, s)
		}
	}
	fmt.Fprintln(&w, "for i := 4; i < 20; i += 4 {")
	for k := 0; k < 4; k++ {
		g.roundRC(fmt.Sprintf("roundConstants[i+%d]", k), fmt.Sprintf("i+%d", k), false)
	}
	fmt.Fprintln(&w, "}")
	for r := 20; r < 24; r++ {
		g.round(r, r == 23)
	}
	fmt.Fprintln(&w, "return o0, o1, o2, o3")
	fmt.Fprintln(&w, "}")

	src, err := format.Source(w.Bytes())
	if err != nil {
		log.Fatalf("format: %v", err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
