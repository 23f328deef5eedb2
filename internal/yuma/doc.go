// Package yuma is subtensor's Yuma Consensus epoch (the sparse
// epoch_mechanism of pallets/subtensor/src/epoch/run_epoch.rs), ported bit for
// bit in I32F32/I64F64/I96F32 fixed point (../shared/spec/yuma.md).
//
// Epoch runs one epoch over plain data (Params, State) and returns every
// per-uid output the chain stores, plus the bonds as they are stored for the
// next epoch. A Workspace runs epochs without reallocating its buffers.
// Scenario applies the step actions of the test vectors (set_weights,
// replace_neuron, …) and runs a sequence of epochs.
//
// The package is pure and deterministic: no I/O, no float64 and no map
// iteration reaching an output. Its cost is linear in the number of stored
// weight and bond entries (plus a sort per column of the consensus, see
// consensus.go), never quadratic in the number of uids: the chain's dense
// per-row accumulators and its dense n×n liquid-alpha matrix are replaced by
// computations over the non-zero entries only, with identical results.
//
// The chain no longer computes rank, trust or pruning scores (yuma.md §3.8);
// Output reports them as the chain's getters do: 0, 0 and 65535.
package yuma
