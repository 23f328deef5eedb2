package codec

import (
	"fmt"
	"strings"
)

// Format is a wire format of a record stream.
type Format int

// Wire formats.
const (
	// Msgpack is a stream of self-delimiting msgpack values.
	Msgpack Format = iota
	// JSON is JSON Lines on output; any whitespace-separated JSON values on input.
	JSON
)

// String returns "msgpack" or "json".
func (f Format) String() string {
	switch f {
	case Msgpack:
		return "msgpack"
	case JSON:
		return "json"
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// ParseFormat parses "msgpack" or "json" (case-insensitive).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "msgpack", "mp", "mpk":
		return Msgpack, nil
	case "json", "jsonl", "ndjson":
		return JSON, nil
	}
	return 0, fmt.Errorf("%w %q (want msgpack or json)", ErrUnknownFormat, s)
}
