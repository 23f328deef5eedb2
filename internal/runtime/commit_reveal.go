package runtime

import (
	"encoding/binary"
	"slices"

	"golang.org/x/crypto/blake2b"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Hash-based commit-reveal, v2 (dtao.md §6.6) [PS/subnets/weights.rs::
// internal_commit_weights, internal_reveal_weights, get_commit_hash,
// is_reveal_block_range, is_commit_expired, current_epoch_with_lookahead].
var (
	ErrCommitRevealDisabled            = newErr("CommitRevealDisabled")
	ErrCommittingWeightsTooFast        = newErr("CommittingWeightsTooFast")
	ErrTooManyUnrevealedCommits        = newErr("TooManyUnrevealedCommits")
	ErrNoWeightsCommitFound            = newErr("NoWeightsCommitFound")
	ErrExpiredWeightCommit             = newErr("ExpiredWeightCommit")
	ErrInvalidRevealCommitHashNotMatch = newErr("InvalidRevealCommitHashNotMatch")
	ErrRevealTooEarly                  = newErr("RevealTooEarly")
)

// MaxUnrevealedCommits is how many unexpired commits a hotkey may hold per subnet.
const MaxUnrevealedCommits = 10

// CommitHash is the commit-reveal v2 commitment a client sends in
// commit_weights and the chain recomputes at reveal:
//
//	BlakeTwo256( SCALE( hotkey, netuid_index, uids, values, salt, version_key ) )
//
// BlakeTwo256 is unkeyed BLAKE2b with a 32-byte digest. The SCALE encoding
// of the tuple is the concatenation of its fields:
//
//	hotkey       32 raw public-key bytes (AccountId32, no length prefix)
//	netuid_index u16 little-endian (mechanism·4096 + netuid; the netuid for mechanism 0)
//	uids         compact(len) ‖ each u16 little-endian
//	values       compact(len) ‖ each u16 little-endian
//	salt         compact(len) ‖ each u16 little-endian
//	version_key  u64 little-endian
//
// compact(n) is SCALE's compact integer: n<2⁶ → one byte n<<2; n<2¹⁴ → two
// bytes LE of n<<2|1; n<2³⁰ → four bytes LE of n<<2|2; larger → a byte
// (bytes−4)<<2|3 then the minimal little-endian bytes of n.
func CommitHash(hotkey AccountID, netuidIndex uint16, uids, values, salt []uint16, versionKey uint64) [32]byte {
	b := make([]byte, 0, 32+2+3*5+2*(len(uids)+len(values)+len(salt))+8)
	b = append(b, hotkey[:]...)
	b = binary.LittleEndian.AppendUint16(b, netuidIndex)
	for _, v := range [][]uint16{uids, values, salt} {
		b = AppendCompact(b, uint64(len(v)))
		for _, x := range v {
			b = binary.LittleEndian.AppendUint16(b, x)
		}
	}
	b = binary.LittleEndian.AppendUint64(b, versionKey)
	return blake2b.Sum256(b)
}

// AppendCompact appends SCALE's compact encoding of n.
func AppendCompact(b []byte, n uint64) []byte {
	switch {
	case n < 1<<6:
		return append(b, byte(n<<2))
	case n < 1<<14:
		return binary.LittleEndian.AppendUint16(b, uint16(n<<2|1))
	case n < 1<<30:
		return binary.LittleEndian.AppendUint32(b, uint32(n<<2|2))
	}
	var le [8]byte
	binary.LittleEndian.PutUint64(le[:], n)
	k := 8
	for k > 4 && le[k-1] == 0 {
		k--
	}
	b = append(b, byte((k-4)<<2|3))
	return append(b, le[:k]...)
}

// CurrentEpochWithLookahead is current_epoch_with_lookahead: SubnetEpochIndex,
// plus one if the subnet's epoch is due at block now.
func CurrentEpochWithLookahead(s *state.State, n state.NetUID, now uint64) uint64 {
	em, _ := s.Emissions.Get(n)
	e := em.EpochIndex
	if shouldRunEpoch(s, n, now) {
		e++
	}
	return e
}

// commitExpired is is_commit_expired: epoch > commit_epoch + RevealPeriodEpochs.
func commitExpired(cm state.WeightCommit, epoch, reveal uint64) bool {
	return epoch > satAddU64(cm.CommitEpoch, reveal)
}

func callCommitWeights(c *Ctx, a tx.CommitWeights) error {
	s, hotkey := c.S, c.Signer
	n := state.NetUID(a.Netuid)
	sn, ok := s.Subnets.Get(n)
	if !ok {
		return ErrMechanismDoesNotExist
	}
	if !sn.CommitRevealEnabled {
		return ErrCommitRevealDisabled
	}
	uid, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: hotkey})
	if !ok {
		return ErrHotKeyNotRegisteredInSubNet
	}
	key := state.NeuronKey{Net: n, UID: uid}
	nr, _ := s.Neurons.Get(key)
	if !weightsRateOK(sn, nr, c.Block) {
		return ErrCommittingWeightsTooFast
	}
	epoch := CurrentEpochWithLookahead(s, n, c.Block)
	ck := state.NetHotkey{Net: n, Hotkey: hotkey}
	commits := s.Commits.GetOr(ck, nil)
	i := 0
	for i < len(commits) && commitExpired(commits[i], epoch, sn.RevealPeriodEpochs) {
		i++
	}
	commits = commits[i:]
	if len(commits) >= MaxUnrevealedCommits {
		return ErrTooManyUnrevealedCommits
	}
	next := make([]state.WeightCommit, 0, len(commits)+1)
	next = append(next, commits...)
	next = append(next, state.WeightCommit{Hash: a.CommitHash, CommitBlock: c.Block, CommitEpoch: epoch})
	s.Commits.Set(ck, next)
	nr.LastUpdate = c.Block
	s.Neurons.Set(key, nr)
	c.Emit("WeightsCommitted", "hotkey", hotkey, "netuid", a.Netuid, "hash", hexHash(a.CommitHash))
	return nil
}

func callRevealWeights(c *Ctx, a tx.RevealWeights) error {
	s, hotkey := c.S, c.Signer
	n := state.NetUID(a.Netuid)
	sn, ok := s.Subnets.Get(n)
	if !ok {
		return ErrMechanismDoesNotExist
	}
	if !sn.CommitRevealEnabled {
		return ErrCommitRevealDisabled
	}
	ck := state.NetHotkey{Net: n, Hotkey: hotkey}
	commits := s.Commits.GetOr(ck, nil)
	if len(commits) == 0 {
		return ErrNoWeightsCommitFound
	}
	h := CommitHash(hotkey, a.Netuid, a.Uids, a.Values, a.Salt, a.VersionKey)
	epoch, reveal := CurrentEpochWithLookahead(s, n, c.Block), sn.RevealPeriodEpochs
	if !slices.ContainsFunc(commits, func(cm state.WeightCommit) bool { return cm.Hash == h && !commitExpired(cm, epoch, reveal) }) {
		if slices.ContainsFunc(commits, func(cm state.WeightCommit) bool { return cm.Hash == h }) {
			return ErrExpiredWeightCommit
		}
		return ErrInvalidRevealCommitHashNotMatch
	}
	// Expired commits leave the front of the queue; revealing a hash that
	// was among them fails even if a later commit has the same hash.
	i := 0
	for i < len(commits) && commitExpired(commits[i], epoch, reveal) {
		if commits[i].Hash == h {
			return ErrExpiredWeightCommit
		}
		i++
	}
	commits = commits[i:]
	pos := slices.IndexFunc(commits, func(cm state.WeightCommit) bool { return cm.Hash == h })
	if epoch != satAddU64(commits[pos].CommitEpoch, reveal) {
		return ErrRevealTooEarly
	}
	if rest := commits[pos+1:]; len(rest) == 0 {
		s.Commits.Delete(ck)
	} else {
		s.Commits.Set(ck, slices.Clone(rest))
	}
	c.Emit("WeightsRevealed", "hotkey", hotkey, "netuid", a.Netuid, "hash", hexHash(h))
	return internalSetWeights(c, n, a.Uids, a.Values, a.VersionKey)
}

func hexHash(h [32]byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2+64)
	out[0], out[1] = '0', 'x'
	for i, b := range h {
		out[2+2*i], out[3+2*i] = digits[b>>4], digits[b&15]
	}
	return string(out)
}

func init() {
	register(callCommitWeights, true)
	register(callRevealWeights, true)
}
