package output

import "errors"

// ErrUnknownFormat is returned by ParseFormat for a name it does not know.
var ErrUnknownFormat = errors.New("unknown output format")

// ErrNotTabular is returned when a record cannot be shown as a table row.
var ErrNotTabular = errors.New("record cannot be shown as a table")
