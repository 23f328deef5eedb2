// Package chain is taokit's node state machine, shaped like a CometBFT ABCI
// application: CheckTx validates a transaction cheaply (decoding, chain id,
// signature, nonce, fee payer), FinalizeBlock applies a block's transactions
// and returns a receipt per transaction (a failed call is a receipt with the
// chain's error name, never a Go error), Commit persists the block's writes
// atomically and returns the state root, Info reports the last committed
// height and root, and Query reads committed state at a height.
//
// Block production (timers, mempool, networking) stays outside: taod drives
// an App, tests drive it directly, and a BFT engine could drive it later.
//
// Heights: the genesis state is chain height 0; block n is chain height n.
// The store's height is the chain height plus one (the store's height 0 is
// the empty store).
//
// Fees: a call that pays (subtensor's Pays::Yes) costs TxBaseFee plus
// TxByteFee per byte of the encoded transaction, charged before dispatch and
// kept when the call fails. With no block author, fees are burned: total
// issuance falls by the fee. Weights, commits, reveals, serving and take
// changes are free (Pays::No), as on subtensor.
package chain
