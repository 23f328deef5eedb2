package runtime

import (
	"fmt"
	"math/big"

	"github.com/taokit/taokit/internal/state"
)

// CheckInvariants verifies what must hold after every block:
//   - total issuance equals the free balances plus the TAO held in subnet
//     pools (locks, stakes and injections all live in SubnetTAO);
//   - no (hotkey, subnet) share pool owes its coldkeys more than its value;
//   - the alpha staked on a subnet never exceeds its outstanding alpha.
//
// It walks the whole state: tests call it after every block, taod behind a
// debug flag.
func CheckInvariants(s *state.State) error {
	sum := new(big.Int)
	s.Accounts.Each(func(_ AccountID, a state.Account) { sum.Add(sum, new(big.Int).SetUint64(a.Free)) })
	s.Pools.Each(func(_ state.NetUID, p state.Pool) { sum.Add(sum, new(big.Int).SetUint64(p.TaoReserve)) })
	if iss := new(big.Int).SetUint64(s.G().TotalIssuance); sum.Cmp(iss) != 0 {
		return fmt.Errorf("total issuance %v != free + pooled TAO %v", iss, sum)
	}
	for _, chk := range extraInvariants {
		if err := chk(s); err != nil {
			return err
		}
	}
	return nil
}

// extraInvariants are checks contributed by call families (stake pools…).
var extraInvariants []func(*state.State) error
