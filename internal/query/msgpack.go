package query

import (
	"encoding/binary"
	"math"
)

// AppendMsgpack appends n's msgpack encoding, byte for byte what the
// reflection encoder writes with the json field names and compact
// integers (the API's and taoctl's settings): a map of the json fields in
// declaration order, weights, bonds and stakers left out when empty, and
// accounts as their SS58 text in a bin value (encoding.TextMarshaler).
// Large metagraphs are encoded through it: reflection cost more than
// reading the state.
func (n *Neuron) AppendMsgpack(b []byte) []byte {
	fields := 22
	for _, l := range []int{len(n.Weights), len(n.Bonds), len(n.Stakers)} {
		if l > 0 {
			fields++
		}
	}
	b = mpMapLen(b, fields)
	b = mpUint(append(b, "\xa3uid"...), uint64(n.UID))
	b = mpText(append(b, "\xa6hotkey"...), n.Hotkey.String())
	b = mpText(append(b, "\xa7coldkey"...), n.Coldkey.String())
	b = mpBool(append(b, "\xa6active"...), n.Active)
	b = mpBool(append(b, "\xb0validator_permit"...), n.ValidatorPermit)
	b = mpUint(append(b, "\xb5block_at_registration"...), n.BlockAtRegistration)
	b = mpUint(append(b, "\xablast_update"...), n.LastUpdate)
	b = mpUint(append(b, "\xa8emission"...), n.Emission)
	b = mpUint(append(b, "\xa9incentive"...), uint64(n.Incentive))
	b = mpUint(append(b, "\xa9consensus"...), uint64(n.Consensus))
	b = mpUint(append(b, "\xa9dividends"...), uint64(n.Dividends))
	b = mpUint(append(b, "\xafvalidator_trust"...), uint64(n.ValidatorTrust))
	b = mpUint(append(b, "\xacstake_weight"...), uint64(n.StakeWeight))
	b = mpUint(append(b, "\xa4take"...), uint64(n.Take))
	b = mpUint(append(b, "\xabalpha_stake"...), n.AlphaStake)
	b = mpUint(append(b, "\xafalpha_stake_tao"...), n.AlphaStakeTAO)
	b = mpUint(append(b, "\xaaroot_stake"...), n.RootStake)
	b = mpUint(append(b, "\xabtotal_stake"...), n.TotalStake)
	b = mpUint(append(b, "\xafalpha_dividends"...), n.AlphaDividends)
	b = mpUint(append(b, "\xb0alpha_last_epoch"...), n.AlphaLastEpoch)
	b = n.Axon.appendMsgpack(append(b, "\xa4axon"...))
	b = n.Prometheus.appendMsgpack(append(b, "\xaaprometheus"...))
	if len(n.Weights) > 0 {
		b = appendWeights(append(b, "\xa7weights"...), n.Weights)
	}
	if len(n.Bonds) > 0 {
		b = appendWeights(append(b, "\xa5bonds"...), n.Bonds)
	}
	if len(n.Stakers) > 0 {
		b = mpArrayLen(append(b, "\xa7stakers"...), len(n.Stakers))
		for _, s := range n.Stakers {
			b = mpText(append(b, "\x82\xa7coldkey"...), s.Coldkey.String())
			b = mpUint(append(b, "\xa5alpha"...), s.Alpha)
		}
	}
	return b
}

func (a *Axon) appendMsgpack(b []byte) []byte {
	b = mpUint(append(b, "\x86\xa5block"...), a.Block)
	b = mpUint(append(b, "\xa7version"...), uint64(a.Version))
	b = mpStr(append(b, "\xa2ip"...), a.IP)
	b = mpUint(append(b, "\xa4port"...), uint64(a.Port))
	b = mpUint(append(b, "\xa7ip_type"...), uint64(a.IPType))
	return mpUint(append(b, "\xa8protocol"...), uint64(a.Protocol))
}

func appendWeights(b []byte, ws []Weight) []byte {
	b = mpArrayLen(b, len(ws))
	for _, w := range ws {
		b = mpUint(append(b, "\x82\xa3uid"...), uint64(w.UID))
		b = mpUint(append(b, "\xa5value"...), uint64(w.Value))
	}
	return b
}

// mpUint is msgpack's shortest unsigned integer.
func mpUint(b []byte, v uint64) []byte {
	switch {
	case v <= math.MaxInt8:
		return append(b, byte(v))
	case v <= math.MaxUint8:
		return append(b, 0xcc, byte(v))
	case v <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xcd), uint16(v))
	case v <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, 0xce), uint32(v))
	}
	return binary.BigEndian.AppendUint64(append(b, 0xcf), v)
}

func mpBool(b []byte, v bool) []byte {
	if v {
		return append(b, 0xc3)
	}
	return append(b, 0xc2)
}

func mpStr(b []byte, s string) []byte {
	switch l := len(s); {
	case l < 32:
		b = append(b, 0xa0|byte(l))
	case l <= math.MaxUint8:
		b = append(b, 0xd9, byte(l))
	case l <= math.MaxUint16:
		b = binary.BigEndian.AppendUint16(append(b, 0xda), uint16(l))
	default:
		b = binary.BigEndian.AppendUint32(append(b, 0xdb), uint32(l))
	}
	return append(b, s...)
}

// mpText is a TextMarshaler's text as the reflection encoder writes it: bin.
func mpText(b []byte, s string) []byte {
	switch l := len(s); {
	case l <= math.MaxUint8:
		b = append(b, 0xc4, byte(l))
	case l <= math.MaxUint16:
		b = binary.BigEndian.AppendUint16(append(b, 0xc5), uint16(l))
	default:
		b = binary.BigEndian.AppendUint32(append(b, 0xc6), uint32(l))
	}
	return append(b, s...)
}

func mpMapLen(b []byte, l int) []byte {
	switch {
	case l < 16:
		return append(b, 0x80|byte(l))
	case l <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xde), uint16(l))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdf), uint32(l))
}

func mpArrayLen(b []byte, l int) []byte {
	switch {
	case l < 16:
		return append(b, 0x90|byte(l))
	case l <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xdc), uint16(l))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdd), uint32(l))
}
