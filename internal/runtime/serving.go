package runtime

import (
	"math/big"
	"net/netip"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// serve_axon (dtao.md §6.4) [PS/subnets/serving.rs].
var (
	ErrInvalidIpType            = newErr("InvalidIpType")
	ErrInvalidIpAddress         = newErr("InvalidIpAddress")
	ErrServingRateLimitExceeded = newErr("ServingRateLimitExceeded")
	ErrInvalidPort              = newErr("InvalidPort")
)

// ParseIP reads serve_axon's ip field: a decimal u128 (the chain's form) or
// a dotted IPv4 literal (its 32-bit value) or an IPv6 literal (its 128-bit
// value). It returns the value as (hi, lo) and false if unparsable.
func ParseIP(s string) (hi, lo uint64, ok bool) {
	if s == "" {
		return 0, 0, false
	}
	digits := true
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			digits = false
			break
		}
	}
	if digits {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok || v.BitLen() > 128 {
			return 0, 0, false
		}
		lo = new(big.Int).And(v, new(big.Int).SetUint64(^uint64(0))).Uint64()
		hi = new(big.Int).Rsh(v, 64).Uint64()
		return hi, lo, true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return 0, 0, false
	}
	if a.Is4() {
		b := a.As4()
		return 0, uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3]), true
	}
	b := a.As16()
	for i := 0; i < 8; i++ {
		hi = hi<<8 | uint64(b[i])
		lo = lo<<8 | uint64(b[8+i])
	}
	return hi, lo, true
}

// validIP is is_valid_ip_address: IPv4 below 2³²−1 and not 127.0.0.1; IPv6
// not u128::MAX and not ::1; zero only where allowZero (axons).
func validIP(ipType uint8, hi, lo uint64, allowZero bool) bool {
	if !allowZero && hi == 0 && lo == 0 {
		return false
	}
	switch ipType {
	case 4:
		return hi == 0 && lo < 1<<32-1 && lo != 0x7f000001
	case 6:
		return !(hi == ^uint64(0) && lo == ^uint64(0)) && !(hi == 0 && lo == 1)
	}
	return false
}

// callServeAxon publishes the signer hotkey's axon on a subnet, checks in
// the chain's order: registered (HotKeyNotRegisteredInNetwork), ip_type 4 or
// 6 (InvalidIpType), a valid address (InvalidIpAddress; an unparsable ip
// string is one too), the serving rate limit (ServingRateLimitExceeded),
// port ≠ 0 (InvalidPort).
func callServeAxon(c *Ctx, a tx.ServeAxon) error {
	s, hotkey := c.S, c.Signer
	n := state.NetUID(a.Netuid)
	uid, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: hotkey})
	if !ok {
		return ErrHotKeyNotRegisteredInNetwork
	}
	if a.IPType != 4 && a.IPType != 6 {
		return ErrInvalidIpType
	}
	hi, lo, ok := ParseIP(a.IP)
	if !ok || !validIP(a.IPType, hi, lo, true) {
		return ErrInvalidIpAddress
	}
	sn, _ := s.Subnets.Get(n)
	key := state.NeuronKey{Net: n, UID: uid}
	nr, _ := s.Neurons.Get(key)
	prev := nr.Axon.Block
	if sn.ServingRateLimit != 0 && prev != 0 && satSubU64(c.Block, prev) < sn.ServingRateLimit {
		return ErrServingRateLimitExceeded
	}
	if a.Port == 0 {
		return ErrInvalidPort
	}
	nr.Axon = state.AxonInfo{Block: c.Block, Version: a.Version, IP: [2]uint64{hi, lo}, Port: a.Port, IPType: a.IPType, Protocol: a.Protocol}
	s.Neurons.Set(key, nr)
	c.Emit("AxonServed", "netuid", a.Netuid, "hotkey", hotkey)
	return nil
}

func init() {
	register(callServeAxon, true)
}
