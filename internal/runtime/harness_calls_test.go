package runtime

import (
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

type txCall = tx.Call

func txRegisterNetwork(h AccountID) tx.Call { return tx.RegisterNetwork{Hotkey: h} }
func txStartCall(n state.NetUID) tx.Call    { return tx.StartCall{Netuid: uint16(n)} }
