package pow_test

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/taokit/taokit/internal/pow"
)

func ExampleSolve() {
	hotkey, _ := hex.DecodeString("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d") // //Alice
	p := pow.Problem{Hotkey: [32]byte(hotkey), Difficulty: 1000}                                      // zero block hash
	for _, order := range []pow.Endian{pow.LittleEndian, pow.BigEndian} {
		p.Order = order
		sol, err := pow.Solve(context.Background(), p, pow.Options{
			Progress: func(pr pow.Progress) {
				// e.g. drive a progress bar: pr.Hashes of ~pr.Difficulty,
				// pr.Rate seals/s, pr.BestDifficulty vs pr.Difficulty.
			},
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: nonce %d seal %x… verify: %v\n", order, sol.Nonce, sol.Seal[:4], pow.Verify(p, sol.Nonce, sol.Seal))
	}
	// Output:
	// little-endian: nonce 3029 seal 2725e6fe… verify: <nil>
	// big-endian: nonce 1538 seal 0014f6c1… verify: <nil>
}

func ExampleCheckWorkBlock() {
	fmt.Println(pow.CheckWorkBlock(100, 102))
	fmt.Println(pow.CheckWorkBlock(100, 103))
	// Output:
	// <nil>
	// work block 100 is 3 blocks behind current block 103 (limit 2): invalid work block
}
