package tx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/taokit/taokit/internal/codec"
	"io"
	"reflect"
	"slices"

	"github.com/taokit/taokit/internal/keys"
	"github.com/vmihailenco/msgpack/v5"
	"golang.org/x/crypto/blake2b"
)

// Version is the transaction format version this package writes and accepts.
const Version = 1

// MaxSize bounds an encoded transaction.
const MaxSize = 64 << 10

// signingDomain prefixes every signed payload so a signature over a taokit
// transaction can never be replayed as another kind of message.
const signingDomain = "taokit/tx/v1"

// Tx is a signed transaction. Its wire form is a msgpack array of six
// elements: [version uint, chain bin(32), signer bin(32), nonce uint,
// call bin, signature bin(64)], where call is the msgpack encoding of
// [name string, args map]. The signature is sr25519 (context "substrate")
// over SigningPayload: "taokit/tx/v1" ‖ chain ‖ signer ‖ nonce (8 bytes
// big-endian) ‖ call bytes exactly as transmitted.
type Tx struct {
	Version uint8
	Chain   [32]byte // genesis hash of the chain the tx is for
	Signer  keys.AccountID
	Nonce   uint64
	Call    []byte // encoded call
	Sig     [keys.SignatureSize]byte
}

// SigningPayload returns the bytes the signature covers.
func SigningPayload(chain [32]byte, signer keys.AccountID, nonce uint64, call []byte) []byte {
	p := make([]byte, 0, len(signingDomain)+72+len(call))
	p = append(p, signingDomain...)
	p = append(p, chain[:]...)
	p = append(p, signer[:]...)
	p = binary.BigEndian.AppendUint64(p, nonce)
	return append(p, call...)
}

// Sign builds and signs a transaction for call and returns its encoding.
func Sign(kp *keys.Keypair, chain [32]byte, nonce uint64, c Call) ([]byte, error) {
	call, err := EncodeCall(c)
	if err != nil {
		return nil, err
	}
	t := Tx{Version: Version, Chain: chain, Signer: kp.AccountID(), Nonce: nonce, Call: call}
	sig, err := kp.Sign(SigningPayload(chain, t.Signer, nonce, call))
	if err != nil {
		return nil, fmt.Errorf("sign tx: %w", err)
	}
	t.Sig = sig
	return t.Encode(), nil
}

// VerifySignature checks the sr25519 signature.
func (t *Tx) VerifySignature() bool {
	return keys.Verify(t.Signer, SigningPayload(t.Chain, t.Signer, t.Nonce, t.Call), t.Sig[:])
}

// Encode returns the wire form.
func (t *Tx) Encode() []byte {
	var buf bytes.Buffer
	e := msgpack.NewEncoder(&buf)
	_ = e.EncodeArrayLen(6)
	_ = e.EncodeUint(uint64(t.Version))
	_ = e.EncodeBytes(t.Chain[:])
	_ = e.EncodeBytes(t.Signer[:])
	_ = e.EncodeUint(t.Nonce)
	_ = e.EncodeBytes(t.Call)
	_ = e.EncodeBytes(t.Sig[:])
	return buf.Bytes()
}

// Hash identifies a transaction: blake2b-256 of its encoding.
func Hash(raw []byte) [32]byte { return blake2b.Sum256(raw) }

// Decode parses a transaction and its call. It checks structure only; the
// signature is checked by VerifySignature.
func Decode(raw []byte) (*Tx, Call, error) {
	if len(raw) > MaxSize {
		return nil, nil, fmt.Errorf("tx of %d bytes: %w", len(raw), ErrTooLarge)
	}
	r := bytes.NewReader(raw)
	d := msgpack.NewDecoder(r)
	n, err := d.DecodeArrayLen()
	if err != nil {
		return nil, nil, malformed("envelope", err)
	}
	if n != 6 {
		return nil, nil, malformed("envelope", fmt.Errorf("%d elements, want 6", n))
	}
	var t Tx
	v, err := d.DecodeUint64()
	if err != nil {
		return nil, nil, malformed("version", err)
	}
	if v != Version {
		return nil, nil, fmt.Errorf("tx version %d: %w", v, ErrBadVersion)
	}
	t.Version = uint8(v)
	if err := decodeFixed(d, t.Chain[:], "chain"); err != nil {
		return nil, nil, err
	}
	if err := decodeFixed(d, t.Signer[:], "signer"); err != nil {
		return nil, nil, err
	}
	if t.Nonce, err = d.DecodeUint64(); err != nil {
		return nil, nil, malformed("nonce", err)
	}
	if t.Call, err = d.DecodeBytes(); err != nil {
		return nil, nil, malformed("call", err)
	}
	if err := decodeFixed(d, t.Sig[:], "signature"); err != nil {
		return nil, nil, err
	}
	if r.Len() != 0 {
		return nil, nil, malformed("envelope", fmt.Errorf("%d trailing bytes", r.Len()))
	}
	c, err := DecodeCall(t.Call)
	if err != nil {
		return nil, nil, err
	}
	return &t, c, nil
}

func decodeFixed(d *msgpack.Decoder, dst []byte, field string) error {
	b, err := d.DecodeBytes()
	if err != nil {
		return malformed(field, err)
	}
	if len(b) != len(dst) {
		return malformed(field, fmt.Errorf("%d bytes, want %d", len(b), len(dst)))
	}
	copy(dst, b)
	return nil
}

func malformed(field string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("decode tx %s: %w: %w", field, ErrMalformed, err)
}

// EncodeCall returns the wire form of a call: msgpack [name, args].
func EncodeCall(c Call) ([]byte, error) {
	var buf bytes.Buffer
	e := msgpack.NewEncoder(&buf)
	e.SetCustomStructTag("json")
	if err := e.EncodeArrayLen(2); err != nil {
		return nil, err
	}
	if err := e.EncodeString(c.CallName()); err != nil {
		return nil, err
	}
	if err := e.Encode(c); err != nil {
		return nil, fmt.Errorf("encode call %s: %w", c.CallName(), err)
	}
	return buf.Bytes(), nil
}

// DecodeCall parses an encoded call, rejecting unknown calls and fields.
func DecodeCall(b []byte) (Call, error) {
	if err := codec.CheckMsgpack(b); err != nil {
		return nil, malformed("call", err)
	}
	r := bytes.NewReader(b)
	d := msgpack.NewDecoder(r)
	d.SetCustomStructTag("json")
	d.DisallowUnknownFields(true)
	n, err := d.DecodeArrayLen()
	if err != nil {
		return nil, malformed("call", err)
	}
	if n != 2 {
		return nil, malformed("call", fmt.Errorf("%d elements, want 2", n))
	}
	name, err := d.DecodeString()
	if err != nil {
		return nil, malformed("call name", err)
	}
	mk, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("call %q: %w", name, ErrUnknownCall)
	}
	ptr := mk()
	if err := d.Decode(ptr); err != nil {
		return nil, malformed("call "+name+" args", err)
	}
	if r.Len() != 0 {
		return nil, malformed("call", fmt.Errorf("%d trailing bytes", r.Len()))
	}
	return reflect.ValueOf(ptr).Elem().Interface().(Call), nil
}

// newOf returns a constructor of pointers to fresh values of c's type.
func newOf(c Call) func() Call {
	t := reflect.TypeOf(c)
	return func() Call { return reflect.New(t).Interface().(Call) }
}

func sortStrings(s []string) []string { slices.Sort(s); return s }
