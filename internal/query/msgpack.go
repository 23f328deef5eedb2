package query

import "github.com/taokit/taokit/internal/codec"

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
	b = codec.AppendMapLen(b, fields)
	b = codec.AppendUint(append(b, "\xa3uid"...), uint64(n.UID))
	b = codec.AppendBin(append(b, "\xa6hotkey"...), n.Hotkey.String())
	b = codec.AppendBin(append(b, "\xa7coldkey"...), n.Coldkey.String())
	b = codec.AppendBool(append(b, "\xa6active"...), n.Active)
	b = codec.AppendBool(append(b, "\xb0validator_permit"...), n.ValidatorPermit)
	b = codec.AppendUint(append(b, "\xb5block_at_registration"...), n.BlockAtRegistration)
	b = codec.AppendUint(append(b, "\xablast_update"...), n.LastUpdate)
	b = codec.AppendUint(append(b, "\xa8emission"...), n.Emission)
	b = codec.AppendUint(append(b, "\xa9incentive"...), uint64(n.Incentive))
	b = codec.AppendUint(append(b, "\xa9consensus"...), uint64(n.Consensus))
	b = codec.AppendUint(append(b, "\xa9dividends"...), uint64(n.Dividends))
	b = codec.AppendUint(append(b, "\xafvalidator_trust"...), uint64(n.ValidatorTrust))
	b = codec.AppendUint(append(b, "\xacstake_weight"...), uint64(n.StakeWeight))
	b = codec.AppendUint(append(b, "\xa4take"...), uint64(n.Take))
	b = codec.AppendUint(append(b, "\xabalpha_stake"...), n.AlphaStake)
	b = codec.AppendUint(append(b, "\xafalpha_stake_tao"...), n.AlphaStakeTAO)
	b = codec.AppendUint(append(b, "\xaaroot_stake"...), n.RootStake)
	b = codec.AppendUint(append(b, "\xabtotal_stake"...), n.TotalStake)
	b = codec.AppendUint(append(b, "\xafalpha_dividends"...), n.AlphaDividends)
	b = codec.AppendUint(append(b, "\xb0alpha_last_epoch"...), n.AlphaLastEpoch)
	b = n.Axon.appendMsgpack(append(b, "\xa4axon"...))
	b = n.Prometheus.appendMsgpack(append(b, "\xaaprometheus"...))
	if len(n.Weights) > 0 {
		b = appendWeights(append(b, "\xa7weights"...), n.Weights)
	}
	if len(n.Bonds) > 0 {
		b = appendWeights(append(b, "\xa5bonds"...), n.Bonds)
	}
	if len(n.Stakers) > 0 {
		b = codec.AppendArrayLen(append(b, "\xa7stakers"...), len(n.Stakers))
		for _, s := range n.Stakers {
			b = codec.AppendBin(append(b, "\x82\xa7coldkey"...), s.Coldkey.String())
			b = codec.AppendUint(append(b, "\xa5alpha"...), s.Alpha)
		}
	}
	return b
}

func (a *Axon) appendMsgpack(b []byte) []byte {
	b = codec.AppendUint(append(b, "\x86\xa5block"...), a.Block)
	b = codec.AppendUint(append(b, "\xa7version"...), uint64(a.Version))
	b = codec.AppendStr(append(b, "\xa2ip"...), a.IP)
	b = codec.AppendUint(append(b, "\xa4port"...), uint64(a.Port))
	b = codec.AppendUint(append(b, "\xa7ip_type"...), uint64(a.IPType))
	return codec.AppendUint(append(b, "\xa8protocol"...), uint64(a.Protocol))
}

func appendWeights(b []byte, ws []Weight) []byte {
	b = codec.AppendArrayLen(b, len(ws))
	for _, w := range ws {
		b = codec.AppendUint(append(b, "\x82\xa3uid"...), uint64(w.UID))
		b = codec.AppendUint(append(b, "\xa5value"...), uint64(w.Value))
	}
	return b
}
