package axon

import (
	"crypto/sha3"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/taokit/taokit/internal/keys"
)

// Header names (bittensor's, see the package documentation).
const (
	HeaderName             = "name"
	HeaderTimeout          = "timeout"
	HeaderBodyHash         = "computed_body_hash"
	HeaderDendriteNonce    = "bt_header_dendrite_nonce"
	HeaderDendriteHotkey   = "bt_header_dendrite_hotkey"
	HeaderDendriteUUID     = "bt_header_dendrite_uuid"
	HeaderDendriteVersion  = "bt_header_dendrite_version"
	HeaderDendriteSig      = "bt_header_dendrite_signature"
	HeaderAxonHotkey       = "bt_header_axon_hotkey"
	HeaderAxonNonce        = "bt_header_axon_nonce"
	HeaderAxonUUID         = "bt_header_axon_uuid"
	HeaderAxonSig          = "bt_header_axon_signature"
	HeaderAxonVersion      = "bt_header_axon_version"
	HeaderAxonStatusCode   = "bt_header_axon_status_code"
	HeaderAxonStatusMsg    = "bt_header_axon_status_message"
	HeaderAxonProcessTime  = "bt_header_axon_process_time"
	HeaderDendriteProcTime = "bt_header_dendrite_process_time"
)

// Refusal reasons (bt_header_axon_status_message and the error body).
const (
	ReasonOK                = "ok"
	ReasonBadRequest        = "bad_request"
	ReasonBodyHashMismatch  = "body_hash_mismatch"
	ReasonWrongAxon         = "wrong_axon"
	ReasonBadSignature      = "bad_signature"
	ReasonStaleNonce        = "stale_nonce"
	ReasonFutureNonce       = "future_nonce"
	ReasonReplayedNonce     = "replayed_nonce"
	ReasonUnregistered      = "unregistered"
	ReasonNoValidatorPermit = "no_validator_permit"
	ReasonMethodNotAllowed  = "method_not_allowed"
	ReasonTimeout           = "timeout"
	ReasonTooLarge          = "too_large"
	ReasonCommandFailed     = "command_failed"
	ReasonBusy              = "busy"
	// ReasonUnreachable is client-side only: no HTTP answer at all.
	ReasonUnreachable = "unreachable"
)

// StatusOf returns the HTTP status the axon answers with for a reason.
func StatusOf(reason string) int {
	switch reason {
	case ReasonOK:
		return http.StatusOK
	case ReasonBadRequest, ReasonBodyHashMismatch:
		return http.StatusBadRequest
	case ReasonWrongAxon, ReasonBadSignature, ReasonStaleNonce, ReasonFutureNonce, ReasonReplayedNonce:
		return http.StatusUnauthorized
	case ReasonUnregistered, ReasonNoValidatorPermit:
		return http.StatusForbidden
	case ReasonMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case ReasonTimeout:
		return http.StatusRequestTimeout
	case ReasonTooLarge:
		return http.StatusRequestEntityTooLarge
	case ReasonBusy:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Version is this implementation's protocol version number
// (major·10⁶+minor·10³+patch, bittensor's version_as_int), sent as
// bt_header_*_version. 7.2.0 and later get nonce freshness checks upstream.
const Version = 7_002_000

// EmptyBodyHash is BodyHash(nil).
const EmptyBodyHash = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"

// BodyHash is hex(SHA3-256(body)): the computed_body_hash of a body.
func BodyHash(body []byte) string {
	h := sha3.Sum256(body)
	return hex.EncodeToString(h[:])
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// ValidName reports whether s is an acceptable synapse name.
func ValidName(s string) bool { return nameRE.MatchString(s) }

// RequestHeaders are the protocol headers of one request.
type RequestHeaders struct {
	Name           string
	Timeout        time.Duration
	BodyHash       string
	Nonce          uint64
	DendriteHotkey keys.AccountID
	AxonHotkey     keys.AccountID
	UUID           string
	Version        uint64
	Signature      []byte
}

// Message is the signed message "{nonce}.{dendrite}.{axon}.{uuid}.{body_hash}".
func (h *RequestHeaders) Message() []byte {
	return RequestMessage(h.Nonce, h.DendriteHotkey, h.AxonHotkey, h.UUID, h.BodyHash)
}

// RequestMessage builds the message a dendrite signs.
func RequestMessage(nonce uint64, dendrite, axon keys.AccountID, uuid, bodyHash string) []byte {
	return fmt.Appendf(nil, "%d.%s.%s.%s.%s", nonce, dendrite, axon, uuid, bodyHash)
}

// ResponseMessage builds the message an axon signs: "{nonce}.{dendrite}.{axon}.{uuid}".
func ResponseMessage(nonce uint64, dendrite, axon keys.AccountID, uuid string) []byte {
	return fmt.Appendf(nil, "%d.%s.%s.%s", nonce, dendrite, axon, uuid)
}

// SignRequest fills the headers of a request from kp to the axon hotkey
// and signs them.
func SignRequest(kp *keys.Keypair, axonHotkey keys.AccountID, uuid string, nonce uint64, name string, body []byte, timeout time.Duration) (RequestHeaders, error) {
	h := RequestHeaders{Name: name, Timeout: timeout, BodyHash: BodyHash(body), Nonce: nonce,
		DendriteHotkey: kp.AccountID(), AxonHotkey: axonHotkey, UUID: uuid, Version: Version}
	sig, err := kp.Sign(h.Message())
	if err != nil {
		return h, fmt.Errorf("sign request: %w", err)
	}
	h.Signature = sig[:]
	return h, nil
}

// Apply writes the headers to an HTTP header set.
func (h *RequestHeaders) Apply(hd http.Header) {
	set := func(k, v string) { hd[k] = []string{v} } // keep the lower-case names on the wire
	set(HeaderName, h.Name)
	set(HeaderTimeout, strconv.FormatFloat(h.Timeout.Seconds(), 'f', -1, 64))
	set(HeaderBodyHash, h.BodyHash)
	set(HeaderDendriteNonce, strconv.FormatUint(h.Nonce, 10))
	set(HeaderDendriteHotkey, h.DendriteHotkey.String())
	set(HeaderDendriteUUID, h.UUID)
	set(HeaderDendriteVersion, strconv.FormatUint(h.Version, 10))
	set(HeaderDendriteSig, "0x"+hex.EncodeToString(h.Signature))
	set(HeaderAxonHotkey, h.AxonHotkey.String())
}

// get reads a header case-insensitively (net/http canonicalises incoming
// names, and proxies may too).
func get(hd http.Header, k string) string {
	if v, ok := hd[k]; ok && len(v) > 0 {
		return v[0]
	}
	return hd.Get(k)
}

// ParseRequestHeaders reads the protocol headers of an incoming request.
// A missing signature parses (as empty) and fails verification later.
func ParseRequestHeaders(hd http.Header) (RequestHeaders, error) {
	var h RequestHeaders
	var err error
	bad := func(what string, e error) (RequestHeaders, error) {
		if e != nil {
			return h, fmt.Errorf("%w: %s: %w", ErrBadHeader, what, e)
		}
		return h, fmt.Errorf("%w: %s", ErrBadHeader, what)
	}
	h.Name = get(hd, HeaderName)
	if s := get(hd, HeaderTimeout); s != "" {
		f, perr := strconv.ParseFloat(s, 64)
		if perr != nil || !(f > 0) || f > 3600 {
			return bad(HeaderTimeout+" "+strconv.Quote(s), perr)
		}
		h.Timeout = time.Duration(f * float64(time.Second))
	}
	h.BodyHash = strings.ToLower(get(hd, HeaderBodyHash))
	if len(h.BodyHash) != 64 {
		return bad(HeaderBodyHash+" missing or not 32 bytes of hex", nil)
	}
	if _, err := hex.DecodeString(h.BodyHash); err != nil {
		return bad(HeaderBodyHash, err)
	}
	if h.Nonce, err = strconv.ParseUint(get(hd, HeaderDendriteNonce), 10, 64); err != nil {
		return bad(HeaderDendriteNonce, err)
	}
	if h.DendriteHotkey, err = keys.ParseAccountID(get(hd, HeaderDendriteHotkey)); err != nil {
		return bad(HeaderDendriteHotkey, err)
	}
	if s := get(hd, HeaderAxonHotkey); s != "" {
		if h.AxonHotkey, err = keys.ParseAccountID(s); err != nil {
			return bad(HeaderAxonHotkey, err)
		}
	}
	h.UUID = get(hd, HeaderDendriteUUID)
	if len(h.UUID) > 64 {
		return bad(HeaderDendriteUUID+" longer than 64 bytes", nil)
	}
	if s := get(hd, HeaderDendriteVersion); s != "" {
		if h.Version, err = strconv.ParseUint(s, 10, 64); err != nil {
			return bad(HeaderDendriteVersion, err)
		}
	}
	if s := get(hd, HeaderDendriteSig); s != "" {
		sig, derr := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"))
		if derr != nil {
			return bad(HeaderDendriteSig, derr)
		}
		h.Signature = sig
	}
	return h, nil
}
