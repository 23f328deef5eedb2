package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/store"
)

// Snapshot stream format (taod export / import): msgpack records, the JSON
// field names as keys. First a header, then one record per state key in
// byte order. A stream that ends early is truncated (exit 10).
const (
	snapshotKind    = "taod-snapshot"
	snapshotVersion = 2 // 2: epoch outputs per subnet (state layout of store format 3)
)

// snapshotHeader is the first record of a snapshot stream.
type snapshotHeader struct {
	Kind        string     `json:"kind"`
	Version     int        `json:"version"`
	Height      uint64     `json:"height"`       // chain height
	StoreHeight uint64     `json:"store_height"` // the store version holding it
	StateRoot   chain.Hash `json:"state_root"`
	GenesisHash chain.Hash `json:"genesis_hash"`
	Keys        uint64     `json:"keys"`
}

// kvRecord is one state entry.
type kvRecord struct {
	Key   []byte `json:"k"`
	Value []byte `json:"v"`
}

// writeSnapshot streams the state r reads.
func writeSnapshot(w io.Writer, r store.Reader) (snapshotHeader, error) {
	head, err := query.ReadHead(r)
	if err != nil {
		return snapshotHeader{}, err
	}
	h := snapshotHeader{Kind: snapshotKind, Version: snapshotVersion, Height: head.Height, StoreHeight: r.Height(),
		StateRoot: chain.Hash(r.Root()), GenesisHash: head.GenesisHash}
	if err := r.Iterate(store.All, func(_, _ []byte) error { h.Keys++; return nil }); err != nil {
		return h, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := msgpack.NewEncoder(bw)
	enc.SetCustomStructTag("json")
	if err := enc.Encode(h); err != nil {
		return h, err
	}
	err = r.Iterate(store.All, func(k, v []byte) error {
		return enc.Encode(kvRecord{Key: k, Value: v})
	})
	if err != nil {
		return h, err
	}
	return h, bw.Flush()
}

// readSnapshot decodes a snapshot stream into a batch.
func readSnapshot(r io.Reader) (snapshotHeader, *store.Batch, error) {
	dec := msgpack.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	dec.SetCustomStructTag("json")
	var h snapshotHeader
	if err := dec.Decode(&h); err != nil {
		return h, nil, fmt.Errorf("%w: snapshot header: %w", codec.ErrMalformed, err)
	}
	if h.Kind != snapshotKind || h.Version != snapshotVersion {
		return h, nil, fmt.Errorf("%w: not a taod snapshot (kind %q version %d)", codec.ErrMalformed, h.Kind, h.Version)
	}
	if h.StoreHeight != chain.StoreHeight(h.Height) {
		return h, nil, fmt.Errorf("%w: store height %d does not match chain height %d", codec.ErrMalformed, h.StoreHeight, h.Height)
	}
	b := store.NewBatch()
	var n uint64
	for {
		if _, err := dec.PeekCode(); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return h, nil, fmt.Errorf("%w: record %d: %w", codec.ErrTruncated, n, err)
		}
		var kv kvRecord
		if err := dec.Decode(&kv); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return h, nil, fmt.Errorf("%w: record %d: %w", codec.ErrTruncated, n, io.ErrUnexpectedEOF)
			}
			return h, nil, fmt.Errorf("%w: record %d: %w", codec.ErrMalformed, n, err)
		}
		b.Set(kv.Key, kv.Value)
		n++
	}
	if n != h.Keys {
		return h, nil, fmt.Errorf("%w: %d records, header says %d", codec.ErrTruncated, n, h.Keys)
	}
	return h, b, nil
}
