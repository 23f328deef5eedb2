// Package codec reads and writes record streams on stdio: msgpack (the pipe
// format) or JSON (JSON Lines for humans), with the same json-tag field names.
//
//	r := codec.NewReader(os.Stdin) // format auto-detected: '{' or '[' → JSON, else msgpack
//	for { var rec T; err := r.Next(&rec); if err == io.EOF { break }; if err != nil { return err } }
//	w := codec.NewWriter(os.Stdout, codec.Msgpack); w.Write(rec); w.Flush()
//
// Next returns io.EOF only at a clean record boundary. Otherwise errors are
// *RecordError{Index, Field, Err} matching ErrTruncated (+ io.ErrUnexpectedEOF)
// or ErrMalformed; unknown fields are errors unless DisallowUnknownFields(false).
// Integers are range-checked in both formats; JSON numbers never pass through
// float64. U128/I128 are decimal strings in JSON and ext types ExtU128/ExtI128
// in msgpack; RegisterExt16 registers other 128-bit types (ExtU64F64, ExtI96F32);
// RegisterStrictInts range-checks named integer types.
package codec
