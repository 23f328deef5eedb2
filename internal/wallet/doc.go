// Package wallet reads and writes btcli/btwallet-compatible wallets:
// <path>/<name>/{coldkey, coldkeypub.txt, hotkeys/<hk>, hotkeys/<hk>pub.txt}, JSON
// keyfiles, $NACL (Argon2i + secretbox) encryption, and the older Ansible Vault and
// Fernet formats for reading. It also imports polkadot-js account exports.
//
// It is a pure library: passwords come from a PasswordFunc, nothing prompts or prints.
package wallet
