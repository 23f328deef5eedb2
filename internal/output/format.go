// Package output decides how commands print records: a table for people on a
// terminal, msgpack for pipes (the toolkit's wire format), or JSON Lines.
package output

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/term"

	"github.com/taokit/taokit/internal/codec"
)

// Format is an output mode selected with -o/--output.
type Format int

// Output modes.
const (
	FormatAuto    Format = iota // FormatTable on a terminal, else FormatMsgpack
	FormatTable                 // human-readable table
	FormatJSON                  // JSON Lines
	FormatMsgpack               // msgpack stream
)

// Names lists the accepted -o values, in order.
var Names = []string{"auto", "table", "json", "msgpack"}

// String returns the flag value naming f.
func (f Format) String() string {
	if f >= 0 && int(f) < len(Names) {
		return Names[f]
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// ParseFormat parses auto|table|json|msgpack (case-insensitive; "" is auto).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return FormatAuto, nil
	case "table":
		return FormatTable, nil
	case "json", "jsonl":
		return FormatJSON, nil
	case "msgpack":
		return FormatMsgpack, nil
	}
	return FormatAuto, fmt.Errorf("%w %q (want %s)", ErrUnknownFormat, s, strings.Join(Names, "|"))
}

// Resolve turns FormatAuto into FormatTable when stdout is a terminal and FormatMsgpack
// otherwise; other formats are returned unchanged.
func Resolve(f Format, stdout io.Writer) Format {
	if f != FormatAuto {
		return f
	}
	if IsTerminal(stdout) {
		return FormatTable
	}
	return FormatMsgpack
}

// IsTerminal reports whether w is a terminal (an *os.File or anything with an
// Fd method that refers to a TTY).
func IsTerminal(w io.Writer) bool {
	fd, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(fd.Fd()))
}

// Codec returns the wire format for FormatJSON and FormatMsgpack.
func (f Format) Codec() (codec.Format, bool) {
	switch f {
	case FormatJSON:
		return codec.JSON, true
	case FormatMsgpack:
		return codec.Msgpack, true
	}
	return 0, false
}
