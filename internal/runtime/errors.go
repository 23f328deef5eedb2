package runtime

import (
	"errors"

	"github.com/taokit/taokit/internal/amm"
)

// Error is a chain dispatch error: the call failed with subtensor's error
// Name (pallet errors, balances and swap errors share one namespace here).
type Error struct{ Name string }

func (e *Error) Error() string { return "chain error: " + e.Name }

// ChainName returns the subtensor error name.
func (e *Error) ChainName() string { return e.Name }

// Named is implemented by errors that carry a subtensor error name (this
// package's *Error and the AMM's swap errors).
type Named interface{ ChainName() string }

// ErrorName returns the chain error name carried by err, or "" if none.
func ErrorName(err error) string {
	var n Named
	if errors.As(err, &n) {
		return n.ChainName()
	}
	return amm.ErrorName(err)
}

func newErr(name string) *Error { return &Error{name} }

// Errors shared by several call families, named as subtensor names them.
var (
	// Balances.
	ErrInsufficientBalance  = newErr("InsufficientBalance")
	ErrExistentialDeposit   = newErr("ExistentialDeposit")
	ErrExpendability        = newErr("Expendability")
	ErrBalanceOverflow      = newErr("Overflow")
	ErrBadOrigin            = newErr("BadOrigin")
	ErrArithmeticOverflow   = newErr("ArithmeticOverflow")
	ErrNotEnoughBalanceFees = newErr("InsufficientBalanceForFees")

	// Subnets and neurons.
	ErrSubnetNotExists                    = newErr("SubnetNotExists")
	ErrNotSubnetOwner                     = newErr("NotSubnetOwner")
	ErrNonAssociatedColdKey               = newErr("NonAssociatedColdKey")
	ErrHotKeyAccountNotExists             = newErr("HotKeyAccountNotExists")
	ErrHotKeyNotRegisteredInSubNet        = newErr("HotKeyNotRegisteredInSubNet")
	ErrHotKeyNotRegisteredInNetwork       = newErr("HotKeyNotRegisteredInNetwork")
	ErrHotKeyAlreadyRegisteredInSubNet    = newErr("HotKeyAlreadyRegisteredInSubNet")
	ErrRegistrationNotPermittedOnRootNet  = newErr("RegistrationNotPermittedOnRootSubnet")
	ErrSubNetRegistrationDisabled         = newErr("SubNetRegistrationDisabled")
	ErrSubtokenDisabled                   = newErr("SubtokenDisabled")
	ErrCannotUseSystemAccount             = newErr("CannotUseSystemAccount")
	ErrMechanismDoesNotExist              = newErr("MechanismDoesNotExist")
	ErrAdminActionProhibitedDuringWeights = newErr("AdminActionProhibitedDuringWeightsWindow")
	ErrTxRateLimitExceeded                = newErr("TxRateLimitExceeded")
	ErrInvalidValue                       = newErr("InvalidValue")
)
