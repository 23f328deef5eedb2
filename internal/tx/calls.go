package tx

import "github.com/taokit/taokit/internal/keys"

// AccountID is an SS58-encoded public key on the wire.
type AccountID = keys.AccountID

// Call is one extrinsic's payload. Its wire name is CallName; its fields are
// encoded as a map with the json tag names (msgpack on the wire, JSON in the API).
type Call interface{ CallName() string }

// Balances.

// Transfer is transfer_allow_death: the sender may be reaped below the existential deposit.
type Transfer struct {
	Dest  AccountID `json:"dest"`
	Value uint64    `json:"value"`
}

// TransferKeepAlive fails rather than reap the sender.
type TransferKeepAlive struct {
	Dest  AccountID `json:"dest"`
	Value uint64    `json:"value"`
}

// TransferAll sends the whole free balance (less the existential deposit when KeepAlive).
type TransferAll struct {
	Dest      AccountID `json:"dest"`
	KeepAlive bool      `json:"keep_alive,omitempty"`
}

// Subnets.

// RegisterNetwork registers a subnet, locking the lock cost.
type RegisterNetwork struct {
	Hotkey   AccountID       `json:"hotkey"`
	Identity *SubnetIdentity `json:"identity,omitempty"`
}

// SubnetIdentity describes a subnet.
type SubnetIdentity struct {
	Name        string `json:"name,omitempty"`
	Repo        string `json:"repo,omitempty"`
	Contact     string `json:"contact,omitempty"`
	URL         string `json:"url,omitempty"`
	Discord     string `json:"discord,omitempty"`
	Description string `json:"description,omitempty"`
	Additional  string `json:"additional,omitempty"`
}

// StartCall starts a subnet's emission (owner only).
type StartCall struct {
	Netuid uint16 `json:"netuid"`
}

// SetSubnetIdentity sets a subnet's identity (owner only).
type SetSubnetIdentity struct {
	Netuid   uint16         `json:"netuid"`
	Identity SubnetIdentity `json:"identity"`
}

// SetHyperparameter sets one subnet hyperparameter by name (owner or root,
// with the chain's bounds and rate limits), the admin-utils sudo_set_* calls.
type SetHyperparameter struct {
	Netuid uint16 `json:"netuid"`
	Name   string `json:"name"`
	Value  int64  `json:"value"`
}

// SetTempo is the owner's tempo control.
type SetTempo struct {
	Netuid uint16 `json:"netuid"`
	Tempo  uint16 `json:"tempo"`
}

// TriggerEpoch asks for an epoch after the admin freeze window (owner only).
type TriggerEpoch struct {
	Netuid uint16 `json:"netuid"`
}

// DissolveNetwork removes a subnet, refunding stakers (root only).
type DissolveNetwork struct {
	Netuid uint16 `json:"netuid"`
}

// Neurons.

// BurnedRegister registers hotkey on netuid, paying the burn.
type BurnedRegister struct {
	Netuid uint16    `json:"netuid"`
	Hotkey AccountID `json:"hotkey"`
}

// RegisterLimit is BurnedRegister refusing a burn above LimitPrice.
type RegisterLimit struct {
	Netuid     uint16    `json:"netuid"`
	Hotkey     AccountID `json:"hotkey"`
	LimitPrice uint64    `json:"limit_price"`
}

// RegisterPow registers with proof of work (signed by the hotkey; the
// subnet must allow it).
type RegisterPow struct {
	Netuid      uint16    `json:"netuid"`
	BlockNumber uint64    `json:"block_number"`
	Nonce       uint64    `json:"nonce"`
	Work        []byte    `json:"work"`
	Hotkey      AccountID `json:"hotkey"`
	Coldkey     AccountID `json:"coldkey"`
}

// RootRegister registers a hotkey on the root subnet.
type RootRegister struct {
	Hotkey AccountID `json:"hotkey"`
}

// ServeAxon publishes a neuron's axon endpoint (signed by the hotkey).
type ServeAxon struct {
	Netuid   uint16 `json:"netuid"`
	Version  uint32 `json:"version"`
	IP       string `json:"ip"` // u128 as a decimal string, or a dotted IPv4 / IPv6 literal
	Port     uint16 `json:"port"`
	IPType   uint8  `json:"ip_type"`
	Protocol uint8  `json:"protocol"`
}

// Staking.

// AddStake stakes TAO from the signer (coldkey) to hotkey on netuid.
type AddStake struct {
	Hotkey AccountID `json:"hotkey"`
	Netuid uint16    `json:"netuid"`
	Amount uint64    `json:"amount"`
}

// AddStakeLimit is AddStake with a limit price (RAO per alpha).
type AddStakeLimit struct {
	Hotkey       AccountID `json:"hotkey"`
	Netuid       uint16    `json:"netuid"`
	Amount       uint64    `json:"amount"`
	LimitPrice   uint64    `json:"limit_price"`
	AllowPartial bool      `json:"allow_partial,omitempty"`
}

// RemoveStake unstakes alpha back to TAO.
type RemoveStake struct {
	Hotkey AccountID `json:"hotkey"`
	Netuid uint16    `json:"netuid"`
	Amount uint64    `json:"amount"`
}

// RemoveStakeLimit is RemoveStake with a limit price.
type RemoveStakeLimit struct {
	Hotkey       AccountID `json:"hotkey"`
	Netuid       uint16    `json:"netuid"`
	Amount       uint64    `json:"amount"`
	LimitPrice   uint64    `json:"limit_price"`
	AllowPartial bool      `json:"allow_partial,omitempty"`
}

// RemoveStakeFullLimit unstakes the signer's whole stake, optionally limited.
type RemoveStakeFullLimit struct {
	Hotkey     AccountID `json:"hotkey"`
	Netuid     uint16    `json:"netuid"`
	LimitPrice *uint64   `json:"limit_price,omitempty"`
}

// UnstakeAll unstakes the signer's stake on hotkey from every subnet.
type UnstakeAll struct {
	Hotkey AccountID `json:"hotkey"`
}

// UnstakeAllAlpha unstakes every non-root subnet and restakes the TAO on root.
type UnstakeAllAlpha struct {
	Hotkey AccountID `json:"hotkey"`
}

// MoveStake moves stake between hotkeys and/or subnets (same coldkey).
type MoveStake struct {
	OriginHotkey AccountID `json:"origin_hotkey"`
	DestHotkey   AccountID `json:"dest_hotkey"`
	OriginNetuid uint16    `json:"origin_netuid"`
	DestNetuid   uint16    `json:"dest_netuid"`
	Amount       uint64    `json:"amount"`
}

// TransferStake gives stake to another coldkey (same hotkey).
type TransferStake struct {
	DestColdkey  AccountID `json:"dest_coldkey"`
	Hotkey       AccountID `json:"hotkey"`
	OriginNetuid uint16    `json:"origin_netuid"`
	DestNetuid   uint16    `json:"dest_netuid"`
	Amount       uint64    `json:"amount"`
}

// SwapStake moves stake between subnets (same keys).
type SwapStake struct {
	Hotkey       AccountID `json:"hotkey"`
	OriginNetuid uint16    `json:"origin_netuid"`
	DestNetuid   uint16    `json:"dest_netuid"`
	Amount       uint64    `json:"amount"`
}

// SwapStakeLimit is SwapStake with a relative limit price.
type SwapStakeLimit struct {
	Hotkey       AccountID `json:"hotkey"`
	OriginNetuid uint16    `json:"origin_netuid"`
	DestNetuid   uint16    `json:"dest_netuid"`
	Amount       uint64    `json:"amount"`
	LimitPrice   uint64    `json:"limit_price"`
	AllowPartial bool      `json:"allow_partial,omitempty"`
}

// IncreaseTake raises a delegate's take (u16 of 65535).
type IncreaseTake struct {
	Hotkey AccountID `json:"hotkey"`
	Take   uint16    `json:"take"`
}

// DecreaseTake lowers a delegate's take.
type DecreaseTake struct {
	Hotkey AccountID `json:"hotkey"`
	Take   uint16    `json:"take"`
}

// Child is one child key with its proportion (u64::MAX = 100%).
type Child struct {
	Proportion uint64    `json:"proportion"`
	Child      AccountID `json:"child"`
}

// SetChildren schedules hotkey's children on netuid.
type SetChildren struct {
	Hotkey   AccountID `json:"hotkey"`
	Netuid   uint16    `json:"netuid"`
	Children []Child   `json:"children"`
}

// SetChildkeyTake sets the take a child keeps from its parents' dividends.
type SetChildkeyTake struct {
	Hotkey AccountID `json:"hotkey"`
	Netuid uint16    `json:"netuid"`
	Take   uint16    `json:"take"`
}

// ClaimRoot claims root dividends on 1–5 subnets.
type ClaimRoot struct {
	Subnets []uint16 `json:"subnets"`
}

// SetRootClaimType chooses Swap (0), Keep (1) or KeepSubnets (2).
type SetRootClaimType struct {
	Type    uint8    `json:"type"`
	Subnets []uint16 `json:"subnets,omitempty"`
}

// Weights.

// SetWeights sets the signer hotkey's weights on netuid.
type SetWeights struct {
	Netuid     uint16 `json:"netuid"`
	Dests      U16s   `json:"dests"`
	Weights    U16s   `json:"weights"`
	VersionKey uint64 `json:"version_key"`
}

// CommitWeights commits a weights hash (commit-reveal v2).
type CommitWeights struct {
	Netuid     uint16   `json:"netuid"`
	CommitHash [32]byte `json:"commit_hash"`
}

// RevealWeights reveals previously committed weights.
type RevealWeights struct {
	Netuid     uint16 `json:"netuid"`
	Uids       U16s   `json:"uids"`
	Values     U16s   `json:"values"`
	Salt       U16s   `json:"salt"`
	VersionKey uint64 `json:"version_key"`
}

func (Transfer) CallName() string             { return "transfer" }
func (TransferKeepAlive) CallName() string    { return "transfer_keep_alive" }
func (TransferAll) CallName() string          { return "transfer_all" }
func (RegisterNetwork) CallName() string      { return "register_network" }
func (StartCall) CallName() string            { return "start_call" }
func (SetSubnetIdentity) CallName() string    { return "set_subnet_identity" }
func (SetHyperparameter) CallName() string    { return "set_hyperparameter" }
func (SetTempo) CallName() string             { return "set_tempo" }
func (TriggerEpoch) CallName() string         { return "trigger_epoch" }
func (DissolveNetwork) CallName() string      { return "dissolve_network" }
func (BurnedRegister) CallName() string       { return "burned_register" }
func (RegisterLimit) CallName() string        { return "register_limit" }
func (RegisterPow) CallName() string          { return "register" }
func (RootRegister) CallName() string         { return "root_register" }
func (ServeAxon) CallName() string            { return "serve_axon" }
func (AddStake) CallName() string             { return "add_stake" }
func (AddStakeLimit) CallName() string        { return "add_stake_limit" }
func (RemoveStake) CallName() string          { return "remove_stake" }
func (RemoveStakeLimit) CallName() string     { return "remove_stake_limit" }
func (RemoveStakeFullLimit) CallName() string { return "remove_stake_full_limit" }
func (UnstakeAll) CallName() string           { return "unstake_all" }
func (UnstakeAllAlpha) CallName() string      { return "unstake_all_alpha" }
func (MoveStake) CallName() string            { return "move_stake" }
func (TransferStake) CallName() string        { return "transfer_stake" }
func (SwapStake) CallName() string            { return "swap_stake" }
func (SwapStakeLimit) CallName() string       { return "swap_stake_limit" }
func (IncreaseTake) CallName() string         { return "increase_take" }
func (DecreaseTake) CallName() string         { return "decrease_take" }
func (SetChildren) CallName() string          { return "set_children" }
func (SetChildkeyTake) CallName() string      { return "set_childkey_take" }
func (ClaimRoot) CallName() string            { return "claim_root" }
func (SetRootClaimType) CallName() string     { return "set_root_claim_type" }
func (SetWeights) CallName() string           { return "set_weights" }
func (CommitWeights) CallName() string        { return "commit_weights" }
func (RevealWeights) CallName() string        { return "reveal_weights" }

// registry maps wire names to fresh call values for decoding.
var registry = map[string]func() Call{}

func init() {
	for _, c := range []Call{
		Transfer{}, TransferKeepAlive{}, TransferAll{}, RegisterNetwork{}, StartCall{},
		SetSubnetIdentity{}, SetHyperparameter{}, SetTempo{}, TriggerEpoch{}, DissolveNetwork{},
		BurnedRegister{}, RegisterLimit{}, RegisterPow{}, RootRegister{}, ServeAxon{},
		AddStake{}, AddStakeLimit{}, RemoveStake{}, RemoveStakeLimit{}, RemoveStakeFullLimit{},
		UnstakeAll{}, UnstakeAllAlpha{}, MoveStake{}, TransferStake{}, SwapStake{}, SwapStakeLimit{},
		IncreaseTake{}, DecreaseTake{}, SetChildren{}, SetChildkeyTake{}, ClaimRoot{}, SetRootClaimType{},
		SetWeights{}, CommitWeights{}, RevealWeights{},
	} {
		registry[c.CallName()] = newOf(c)
	}
}

// CallNames lists every call the chain accepts.
func CallNames() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	return sortStrings(names)
}
