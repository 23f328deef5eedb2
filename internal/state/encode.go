package state

import (
	"github.com/taokit/taokit/internal/codec"
	"github.com/vmihailenco/msgpack/v5"
)

// Hand-written msgpack encoders for the values written on every block or
// every epoch. Each produces exactly the bytes msgpack.Marshal does with the
// default options (the property and fuzz tests check this): as_array
// structs are arrays of their exported fields in order; uint8/16/32/64 and
// int64 keep their width (0xcc/0xcd/0xce/0xcf/0xd3); byte arrays and
// AccountID (keys.AccountID.EncodeMsgpack) are bin; other arrays and
// non-nil slices are arrays; nil slices are nil. Other types fall back to
// msgpack.Marshal.

// appendValue appends the msgpack encoding of *v to b.
func appendValue[V any](b []byte, v *V) ([]byte, error) {
	switch p := any(v).(type) {
	case *Pool:
		return appendPool(b, p), nil
	case *Emission:
		return appendEmission(b, p), nil
	case *Globals:
		return appendGlobals(b, p), nil
	case *Meta:
		return appendMeta(b, p), nil
	case *Account:
		return appendAccount(b, p), nil
	case *Neuron:
		return appendNeuron(b, p), nil
	case *EpochOutputs:
		return appendEpochOutputs(b, p), nil
	case *StakePool:
		return appendStakePool(b, p), nil
	case *SafeFloat:
		return appendSafeFloat(b, p), nil
	case *Hotkey:
		return appendHotkey(b, p), nil
	case *Coldkey:
		return appendColdkey(b, p), nil
	case *Family:
		return appendFamily(b, p), nil
	case *RootClaim:
		return appendRootClaim(b, p), nil
	case *[]WeightEntry:
		return appendWeights(b, *p), nil
	case *[2]uint64:
		return appendU64Pair(b, p), nil
	case *[32]byte:
		return appendBin32(b, p), nil
	case *uint64:
		return codec.AppendU64(b, *p), nil
	case *uint16:
		return codec.AppendU16(b, *p), nil
	}
	raw, err := msgpack.Marshal(*v)
	return append(b, raw...), err
}

// msgpack format codes the encoders write directly.
const (
	mpNil      = 0xc0
	mpBin8     = 0xc4
	mpFixArray = 0x90
)

// appendBin32 encodes a 32-byte array or AccountID as bin 8.
func appendBin32(b []byte, v *[32]byte) []byte { return append(append(b, mpBin8, 32), v[:]...) }

func appendU64Pair(b []byte, v *[2]uint64) []byte {
	return codec.AppendU64(codec.AppendU64(append(b, mpFixArray|2), v[0]), v[1])
}

func appendAccountIDs(b []byte, ids []AccountID) []byte {
	if ids == nil {
		return append(b, mpNil)
	}
	b = codec.AppendArrayLen(b, len(ids))
	for i := range ids {
		b = appendBin32(b, (*[32]byte)(&ids[i]))
	}
	return b
}

func appendMeta(b []byte, v *Meta) []byte {
	b = append(b, mpFixArray|3)
	b = appendBin32(b, &v.GenesisHash)
	b = appendBin32(b, &v.LastBlockHash)
	return codec.AppendU64(b, v.Height)
}

func appendGlobals(b []byte, v *Globals) []byte {
	b = append(b, mpFixArray|10)
	b = codec.AppendU64(b, v.TotalIssuance)
	b = codec.AppendU64(b, v.TotalStake)
	b = codec.AppendU64(b, v.Burned)
	b = codec.AppendU64(b, v.Recycled)
	b = codec.AppendU64(b, v.FeesBurned)
	b = codec.AppendU64(b, v.NetworkLastLockCost)
	b = codec.AppendU64(b, v.NetworkLastRegistered)
	b = codec.AppendU64(b, v.BlockEmission)
	b = appendBin32(b, (*[32]byte)(&v.Sudo))
	return codec.AppendU16(b, v.SubnetsAdded)
}

func appendAccount(b []byte, v *Account) []byte {
	return codec.AppendU64(codec.AppendU64(append(b, mpFixArray|2), v.Free), v.Nonce)
}

func appendPool(b []byte, v *Pool) []byte {
	b = append(b, mpFixArray|9)
	b = codec.AppendU64(b, v.TaoReserve)
	b = codec.AppendU64(b, v.AlphaIn)
	b = codec.AppendU64(b, v.AlphaOut)
	b = codec.AppendU64(b, v.ProtocolAlpha)
	b = codec.AppendU64(b, v.Locked)
	b = codec.AppendU64(b, v.QuoteWeight)
	b = appendU64Pair(b, &v.Volume)
	b = appendU64Pair(b, &v.MovingPriceBits)
	return codec.AppendBool(b, v.Initialized)
}

func appendEmission(b []byte, v *Emission) []byte {
	b = codec.AppendArrayLen(b, 24)
	b = codec.AppendU64(b, v.TaoInEmission)
	b = codec.AppendU64(b, v.AlphaInEmission)
	b = codec.AppendU64(b, v.AlphaOutEmission)
	b = codec.AppendU64(b, v.ExcessTao)
	b = codec.AppendU64(b, v.RootSellTao)
	b = codec.AppendU64(b, v.PendingServer)
	b = codec.AppendU64(b, v.PendingValidator)
	b = codec.AppendU64(b, v.PendingRootAlpha)
	b = codec.AppendU64(b, v.PendingOwnerCut)
	b = appendU64Pair(b, &v.MinerBurnedBits)
	b = appendU64Pair(b, &v.RootPropBits)
	b = codec.AppendU64(b, v.LastEpochBlock)
	b = codec.AppendU64(b, v.PendingEpochAt)
	b = codec.AppendU64(b, v.EpochIndex)
	b = codec.AppendU64(b, v.BlocksSinceLastStep)
	b = codec.AppendU64(b, v.LastMechStepBlock)
	b = codec.AppendU64(b, v.FirstEmissionBlock)
	b = codec.AppendU64(b, v.Burn)
	b = codec.AppendU16(b, v.RegistrationsThisBlk)
	b = codec.AppendU64(b, v.RAORecycledForReg)
	b = codec.AppendU64(b, v.LastTempoSetBlock)
	b = codec.AppendU16(b, v.N)
	b = codec.AppendU64(b, v.AlphaRecycled)
	return codec.AppendU64(b, v.AlphaBurned)
}

func appendAxonInfo(b []byte, v *AxonInfo) []byte {
	b = append(b, mpFixArray|6)
	b = codec.AppendU64(b, v.Block)
	b = codec.AppendU32(b, v.Version)
	b = appendU64Pair(b, &v.IP)
	b = codec.AppendU16(b, v.Port)
	b = codec.AppendU8(b, v.IPType)
	return codec.AppendU8(b, v.Protocol)
}

func appendNeuron(b []byte, v *Neuron) []byte {
	b = append(b, mpFixArray|5)
	b = appendBin32(b, (*[32]byte)(&v.Hotkey))
	b = codec.AppendU64(b, v.BlockAtRegistration)
	b = codec.AppendU64(b, v.LastUpdate)
	b = appendAxonInfo(b, &v.Axon)
	return appendAxonInfo(b, &v.Prometheus)
}

// appendVec encodes a slice element by element (nil stays nil).
func appendVec[T any](b []byte, v []T, elem func([]byte, T) []byte) []byte {
	if v == nil {
		return append(b, mpNil)
	}
	b = codec.AppendArrayLen(b, len(v))
	for _, x := range v {
		b = elem(b, x)
	}
	return b
}

func appendEpochOutputs(b []byte, v *EpochOutputs) []byte {
	b = append(b, mpFixArray|8)
	b = appendVec(b, v.Active, codec.AppendBool)
	b = appendVec(b, v.ValidatorPermit, codec.AppendBool)
	b = appendVec(b, v.Emission, codec.AppendU64)
	b = appendVec(b, v.Incentive, codec.AppendU16)
	b = appendVec(b, v.Consensus, codec.AppendU16)
	b = appendVec(b, v.Dividends, codec.AppendU16)
	b = appendVec(b, v.ValidatorTrust, codec.AppendU16)
	return appendVec(b, v.StakeWeight, codec.AppendU16)
}

// appendWeights encodes a weight row; a nil row is nil, as msgpack does.
func appendWeights(b []byte, ws []WeightEntry) []byte {
	if ws == nil {
		return append(b, mpNil)
	}
	b = codec.AppendArrayLen(b, len(ws))
	for _, w := range ws {
		b = codec.AppendU16(codec.AppendU16(append(b, mpFixArray|2), w.UID), w.Weight)
	}
	return b
}

func appendHotkey(b []byte, v *Hotkey) []byte {
	b = append(b, mpFixArray|4)
	b = appendBin32(b, (*[32]byte)(&v.Owner))
	b = codec.AppendU16(b, v.Take)
	b = codec.AppendBool(b, v.TakeSet)
	return codec.AppendU64(b, v.LastTakeChange)
}

func appendColdkey(b []byte, v *Coldkey) []byte {
	b = append(b, mpFixArray|4)
	b = appendAccountIDs(b, v.OwnedHotkeys)
	b = appendAccountIDs(b, v.StakingHotkeys)
	b = codec.AppendU8(b, v.RootClaimType)
	if v.KeepSubnets == nil {
		return append(b, mpNil)
	}
	b = codec.AppendArrayLen(b, len(v.KeepSubnets))
	for _, n := range v.KeepSubnets {
		b = codec.AppendU16(b, uint16(n))
	}
	return b
}

func appendSafeFloat(b []byte, v *SafeFloat) []byte {
	b = append(b, mpFixArray|3)
	b = codec.AppendU64(b, v.MantHi)
	b = codec.AppendU64(b, v.MantLo)
	return codec.AppendI64(b, v.Exp)
}

func appendStakePool(b []byte, v *StakePool) []byte {
	b = append(b, mpFixArray|4)
	b = codec.AppendU64(b, v.Value)
	b = appendSafeFloat(b, &v.Denom)
	b = codec.AppendU64(b, v.AlphaLastEpoch)
	return codec.AppendU64(b, v.AlphaDividends)
}

func appendChildLinks(b []byte, ls []ChildLink) []byte {
	if ls == nil {
		return append(b, mpNil)
	}
	b = codec.AppendArrayLen(b, len(ls))
	for i := range ls {
		b = codec.AppendU64(append(b, mpFixArray|2), ls[i].Proportion)
		b = appendBin32(b, (*[32]byte)(&ls[i].Key))
	}
	return b
}

func appendFamily(b []byte, v *Family) []byte {
	b = append(b, mpFixArray|8)
	b = appendChildLinks(b, v.Children)
	b = appendChildLinks(b, v.Parents)
	b = appendChildLinks(b, v.PendingChildren)
	b = codec.AppendU64(b, v.PendingAt)
	b = codec.AppendBool(b, v.HasPending)
	b = codec.AppendU64(b, v.LastSet)
	b = codec.AppendU16(b, v.ChildkeyTake)
	return codec.AppendU64(b, v.LastTakeChange)
}

func appendRootClaim(b []byte, v *RootClaim) []byte {
	return appendU64Pair(append(b, mpFixArray|1), &v.RateBits)
}
