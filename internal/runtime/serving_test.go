package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestParseIP(t *testing.T) {
	for _, c := range []struct {
		in     string
		hi, lo uint64
		ok     bool
	}{
		{"0", 0, 0, true}, {"3232235777", 0, 3232235777, true}, {"192.168.1.1", 0, 3232235777, true},
		{"340282366920938463463374607431768211455", ^uint64(0), ^uint64(0), true},
		{"340282366920938463463374607431768211456", 0, 0, false},
		{"::1", 0, 1, true}, {"2001:db8::1", 0x20010db800000000, 1, true}, {"::ffff:1.2.3.4", 0, 0xffff01020304, true},
		{"", 0, 0, false}, {"1.2.3", 0, 0, false}, {"fe80::1%eth0", 0, 0, false}, {"-1", 0, 0, false}, {"12a", 0, 0, false},
	} {
		hi, lo, ok := ParseIP(c.in)
		if ok != c.ok || ok && (hi != c.hi || lo != c.lo) {
			t.Errorf("%q: %x %x %v", c.in, hi, lo, ok)
		}
	}
	if validIP(4, 0, 0, false) || !validIP(4, 0, 0, true) || validIP(4, 0, 1<<32-1, true) || validIP(6, 0, 1, true) || validIP(5, 0, 5, true) {
		t.Fatal("validIP")
	}
}

func axon(ip string, ipType uint8, port uint16, net uint16) func(*testing.T, *netFixture) tx.Call {
	return func(_ *testing.T, f *netFixture) tx.Call {
		if net == here {
			net = uint16(f.n)
		}
		return tx.ServeAxon{Netuid: net, Version: 7, IP: ip, Port: port, IPType: ipType, Protocol: 4}
	}
}

func TestServeAxonErrors(t *testing.T) {
	v1 := func(*netFixture) AccountID { return cacct(t, "//Bob//hot1") }
	runCases(t, []regCase{
		{name: "ok v4", setup: weightsSetup, signer: v1, call: axon("10.0.0.1", 4, 8091, here)},
		{name: "ok v6", setup: weightsSetup, signer: v1, call: axon("2001:db8::1", 6, 8091, here)},
		{name: "ok zero ip", setup: weightsSetup, signer: v1, call: axon("0", 4, 8091, here)},
		{name: "unregistered", setup: weightsSetup, call: axon("10.0.0.1", 4, 8091, here), want: "HotKeyNotRegisteredInNetwork"},
		{name: "other subnet", setup: weightsSetup, signer: v1, call: axon("10.0.0.1", 4, 8091, 0), want: "HotKeyNotRegisteredInNetwork"},
		{name: "ip type", setup: weightsSetup, signer: v1, call: axon("10.0.0.1", 5, 8091, here), want: "InvalidIpType"},
		{name: "localhost v4", setup: weightsSetup, signer: v1, call: axon("127.0.0.1", 4, 8091, here), want: "InvalidIpAddress"},
		{name: "max v4", setup: weightsSetup, signer: v1, call: axon("4294967295", 4, 8091, here), want: "InvalidIpAddress"},
		{name: "localhost v6", setup: weightsSetup, signer: v1, call: axon("::1", 6, 8091, here), want: "InvalidIpAddress"},
		{name: "max v6", setup: weightsSetup, signer: v1, call: axon("340282366920938463463374607431768211455", 6, 8091, here), want: "InvalidIpAddress"},
		{name: "garbage", setup: weightsSetup, signer: v1, call: axon("not-an-ip", 4, 8091, here), want: "InvalidIpAddress"},
		{name: "rate limit", setup: func(t *testing.T, f *netFixture) {
			weightsSetup(t, f)
			f.neuron(1, func(n *state.Neuron) { n.Axon.Block = f.block - 1 })
		}, signer: v1, call: axon("10.0.0.1", 4, 8091, here), want: "ServingRateLimitExceeded"},
		{name: "rate limit off", setup: func(t *testing.T, f *netFixture) {
			weightsSetup(t, f)
			f.subnet(func(sn *state.Subnet) { sn.ServingRateLimit = 0 })
			f.neuron(1, func(n *state.Neuron) { n.Axon.Block = f.block })
		}, signer: v1, call: axon("10.0.0.1", 4, 8091, here)},
		{name: "port", setup: weightsSetup, signer: v1, call: axon("10.0.0.1", 4, 0, here), want: "InvalidPort"},
	})
}

func TestServeAxonStores(t *testing.T) {
	f := newNetFixture(t)
	weightsSetup(t, f)
	v1 := cacct(t, "//Bob//hot1")
	if e := callAs(t, f.s, 20, v1, tx.ServeAxon{Netuid: uint16(f.n), Version: 3, IP: "1.2.3.4", Port: 9, IPType: 4, Protocol: 4}); e != "" {
		t.Fatal(e)
	}
	nr, _ := f.s.Neurons.Get(state.NeuronKey{Net: f.n, UID: 1})
	if nr.Axon != (state.AxonInfo{Block: 20, Version: 3, IP: [2]uint64{0, 0x01020304}, Port: 9, IPType: 4, Protocol: 4}) {
		t.Fatalf("axon %+v", nr.Axon)
	}
	if e := callAs(t, f.s, 69, v1, tx.ServeAxon{Netuid: uint16(f.n), IP: "1.2.3.4", Port: 9, IPType: 4}); e != "ServingRateLimitExceeded" {
		t.Fatalf("49 blocks later: %q", e)
	}
	if e := callAs(t, f.s, 70, v1, tx.ServeAxon{Netuid: uint16(f.n), IP: "1.2.3.4", Port: 9, IPType: 4}); e != "" {
		t.Fatalf("50 blocks later: %q", e)
	}
}
