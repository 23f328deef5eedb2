// Package keys implements Bittensor's (Substrate's) sr25519 accounts: BIP-39 mnemonics
// with substrate's entropy-based seed derivation, secret URIs (phrase//hard/soft///password)
// with hard and soft junctions, signing and verification with the "substrate" context,
// SS58 addresses, and the AccountID type that serialises as SS58.
//
// Signatures are randomised: compare them by verification, never by bytes. Soft-derived
// keys are reproducible by public key; their signing nonce is an implementation choice.
package keys
