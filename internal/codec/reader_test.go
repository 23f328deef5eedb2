package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"testing/iotest"
)

type testParams struct {
	Kappa uint16 `json:"kappa"`
	Rho   uint16 `json:"rho,omitempty"`
}

type testRec struct {
	NetUID uint16     `json:"netuid"`
	Name   string     `json:"name"`
	Stake  uint64     `json:"stake"`
	Params testParams `json:"params"`
	Tags   []string   `json:"tags,omitempty"`
}

func sampleRecs() []testRec {
	return []testRec{
		{NetUID: 1, Name: "alpha", Stake: 1_500_000_000, Params: testParams{Kappa: 32767, Rho: 10}},
		{NetUID: 2, Name: "τ-net", Stake: math.MaxUint64, Params: testParams{Kappa: 1}, Tags: []string{"a", "b"}},
		{NetUID: 65535, Name: "", Stake: 0},
	}
}

// encodeRecs writes recs in format f and returns the bytes and the offset at
// which each record ends.
func encodeRecs(t testing.TB, f Format, recs []testRec) ([]byte, []int) {
	t.Helper()
	var buf bytes.Buffer
	var ends []int
	for _, r := range recs {
		w := NewWriter(&buf, f)
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, buf.Len())
	}
	return buf.Bytes(), ends
}

// readAll reads records until an error; it returns the records and the
// terminating error (nil for a clean io.EOF).
func readAll(r *Reader) ([]testRec, error) {
	var out []testRec
	for {
		var v testRec
		err := r.Next(&v)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
}

func TestTruncationEveryOffset(t *testing.T) {
	t.Parallel()
	for _, f := range []Format{Msgpack, JSON} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			recs := sampleRecs()
			data, ends := encodeRecs(t, f, recs)
			if f == JSON { // a record is complete at its '}', before the '\n'
				for i := range ends {
					ends[i]--
				}
			}
			clean := 0
			for k := 0; k <= len(data); k++ {
				complete := 0
				for _, e := range ends {
					if e <= k {
						complete++
					}
				}
				last := 0
				if complete > 0 {
					last = ends[complete-1]
				}
				wantClean := strings.TrimSpace(string(data[last:k])) == ""
				got, err := readAll(NewReader(bytes.NewReader(data[:k])))
				if len(got) != complete {
					t.Fatalf("cut %d: got %d records, want %d", k, len(got), complete)
				}
				for i := range got {
					if !equalRec(got[i], recs[i]) {
						t.Fatalf("cut %d: record %d = %+v, want %+v", k, i, got[i], recs[i])
					}
				}
				if wantClean {
					clean++
					if err != nil {
						t.Fatalf("cut %d: want clean EOF, got %v", k, err)
					}
					continue
				}
				if !errors.Is(err, ErrTruncated) || !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("cut %d: want truncation, got %v", k, err)
				}
				if errors.Is(err, ErrMalformed) {
					t.Fatalf("cut %d: truncation also matches ErrMalformed: %v", k, err)
				}
				var re *RecordError
				if !errors.As(err, &re) || re.Index != complete {
					t.Fatalf("cut %d: want RecordError index %d, got %#v", k, complete, err)
				}
			}
			wantClean := len(ends) + 1 // offset 0 plus each record end
			if f == JSON {
				wantClean += len(ends) // the '\n' after each record
			}
			if clean != wantClean {
				t.Fatalf("clean cuts = %d, want %d", clean, wantClean)
			}
		})
	}
}

func equalRec(a, b testRec) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func TestJSONLayouts(t *testing.T) {
	t.Parallel()
	recs := sampleRecs()
	var lines, concat, pretty strings.Builder
	for i, r := range recs {
		b, _ := json.Marshal(r)
		lines.Write(b)
		lines.WriteByte('\n')
		concat.Write(b)
		if i == 1 {
			concat.WriteString(" \t\r\n")
		}
		p, _ := json.MarshalIndent(r, "", "  ")
		pretty.Write(p)
		pretty.WriteString("\n\n")
	}
	cases := []struct{ name, in string }{
		{"json lines", lines.String()},
		{"concatenated", concat.String()},
		{"pretty multi-line", pretty.String()},
		{"leading whitespace", "\n\n  \t" + lines.String()},
		{"crlf", strings.ReplaceAll(lines.String(), "\n", "\r\n")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NewReader(strings.NewReader(tc.in))
			got, err := readAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(recs) {
				t.Fatalf("got %d records, want %d", len(got), len(recs))
			}
			for i := range recs {
				if !equalRec(got[i], recs[i]) {
					t.Errorf("record %d = %+v, want %+v", i, got[i], recs[i])
				}
			}
			if f, _ := r.Format(); f != JSON {
				t.Errorf("format = %v, want json", f)
			}
			if r.Index() != len(recs) {
				t.Errorf("Index = %d, want %d", r.Index(), len(recs))
			}
		})
	}
}

func TestEmptyInput(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", " ", "\n\n\t \r\n"} {
		r := NewReader(strings.NewReader(in))
		var v testRec
		if err := r.Next(&v); err != io.EOF {
			t.Errorf("input %q: Next = %v, want io.EOF", in, err)
		}
		if err := r.Next(&v); err != io.EOF {
			t.Errorf("input %q: second Next = %v, want io.EOF", in, err)
		}
		if r.Index() != 0 {
			t.Errorf("input %q: Index = %d", in, r.Index())
		}
	}
}

// msgpackOf encodes v as one msgpack record.
func msgpackOf(t testing.TB, vs ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, Msgpack)
	for _, v := range vs {
		if err := w.Write(v); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jsonOf(t testing.TB, vs ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, JSON)
	for _, v := range vs {
		if err := w.Write(v); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type m = map[string]any

func TestRecordErrors(t *testing.T) {
	t.Parallel()
	good := m{"netuid": 1, "name": "a", "stake": 5, "params": m{"kappa": 3}}
	cases := []struct {
		name    string
		bad     any
		field   string
		msg     string // exact RecordError message
		jsonMsg string // if JSON differs
	}{
		{
			name:  "unknown top-level field",
			bad:   m{"netuid": 1, "bogus": true},
			field: "bogus",
			msg:   `record 3: field "bogus": unknown field "bogus"`,
		},
		{
			name:  "unknown nested field",
			bad:   m{"netuid": 1, "params": m{"kappa": 1, "bogus": 2}},
			field: "params.bogus",
			msg:   `record 3: field "params.bogus": unknown field "bogus"`,
		},
		{
			name:  "string into uint16",
			bad:   m{"netuid": 1, "params": m{"kappa": "x"}},
			field: "params.kappa",
			msg:   `record 3: field "params.kappa": cannot decode string into uint16`,
		},
		{
			name:  "negative into uint64",
			bad:   m{"stake": -1},
			field: "stake",
			msg:   `record 3: field "stake": cannot decode number -1 into uint64`,
		},
		{
			name:    "fraction into uint64",
			bad:     m{"stake": 1.5},
			field:   "stake",
			msg:     `record 3: field "stake": cannot decode number into uint64`,
			jsonMsg: `record 3: field "stake": cannot decode number 1.5 into uint64`,
		},
		{
			name:  "too big for uint16",
			bad:   m{"params": m{"kappa": 70000}},
			field: "params.kappa",
			msg:   `record 3: field "params.kappa": cannot decode number 70000 into uint16`,
		},
		{
			name:  "array into string",
			bad:   m{"name": []int{1}},
			field: "name",
			msg:   `record 3: field "name": cannot decode array into string`,
		},
	}
	for _, tc := range cases {
		for _, f := range []Format{Msgpack, JSON} {
			t.Run(tc.name+"/"+f.String(), func(t *testing.T) {
				t.Parallel()
				var data []byte
				if f == Msgpack {
					data = msgpackOf(t, good, good, good, tc.bad, good)
				} else {
					data = jsonOf(t, good, good, good, tc.bad, good)
				}
				r := NewReader(bytes.NewReader(data))
				got, err := readAll(r)
				want := tc.msg
				if f == JSON && tc.jsonMsg != "" {
					want = tc.jsonMsg
				}
				if len(got) != 3 {
					t.Fatalf("decoded %d records before the error, want 3 (err %v)", len(got), err)
				}
				var re *RecordError
				if !errors.As(err, &re) {
					t.Fatalf("want *RecordError, got %T %v", err, err)
				}
				if re.Index != 3 || re.Field != tc.field {
					t.Errorf("index %d field %q, want 3 %q", re.Index, re.Field, tc.field)
				}
				if !errors.Is(err, ErrMalformed) || errors.Is(err, ErrTruncated) {
					t.Errorf("error %v should be ErrMalformed only", err)
				}
				if err.Error() != want {
					t.Errorf("message\n got %s\nwant %s", err, want)
				}
				// Errors are sticky.
				var v testRec
				if err2 := r.Next(&v); err2 != err {
					t.Errorf("second Next = %v, want the same error", err2)
				}
			})
		}
	}
}

func TestAllowUnknownFields(t *testing.T) {
	t.Parallel()
	rec := m{"netuid": 7, "bogus": m{"deep": []int{1, 2}}, "params": m{"kappa": 2, "x": 1}}
	for _, data := range [][]byte{msgpackOf(t, rec), jsonOf(t, rec)} {
		r := NewReader(bytes.NewReader(data), DisallowUnknownFields(false))
		got, err := readAll(r)
		if err != nil || len(got) != 1 || got[0].NetUID != 7 || got[0].Params.Kappa != 2 {
			t.Fatalf("got %+v, %v", got, err)
		}
	}
}

func TestMalformedSyntax(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   []byte
	}{
		{"msgpack never-used code", []byte{0xc1}},
		{"msgpack string as record", []byte{0xa1, 'x'}},
		{"json syntax", []byte(`{"netuid":1,}`)},
		{"json garbage after record", []byte("{\"netuid\":1}\n}")},
		{"json bare string", []byte(`["a"]`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := readAll(NewReader(bytes.NewReader(tc.in)))
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("got %v, want ErrMalformed", err)
			}
			var re *RecordError
			if !errors.As(err, &re) {
				t.Fatalf("want *RecordError, got %T", err)
			}
		})
	}
}

func TestReadErrorIsNotMalformed(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	for _, prefix := range []string{"", "{", "\x81"} {
		in := io.MultiReader(strings.NewReader(prefix), iotest.ErrReader(boom))
		_, err := readAll(NewReader(in))
		if !errors.Is(err, boom) {
			t.Errorf("prefix %q: got %v, want wrapped boom", prefix, err)
		}
		if errors.Is(err, ErrMalformed) || errors.Is(err, ErrTruncated) {
			t.Errorf("prefix %q: read error classified as bad input: %v", prefix, err)
		}
	}
}

func TestOneByteReader(t *testing.T) {
	t.Parallel()
	for _, f := range []Format{Msgpack, JSON} {
		data, _ := encodeRecs(t, f, sampleRecs())
		got, err := readAll(NewReader(iotest.OneByteReader(bytes.NewReader(data))))
		if err != nil || len(got) != 3 {
			t.Fatalf("%v: got %d records, %v", f, len(got), err)
		}
	}
}

func TestLargeRecordSpansBuffers(t *testing.T) {
	t.Parallel()
	big := testRec{Name: strings.Repeat("x", 3*readBufSize+17), Tags: make([]string, 5000)}
	for _, f := range []Format{Msgpack, JSON} {
		var data []byte
		if f == Msgpack {
			data = msgpackOf(t, big, big)
		} else {
			data = jsonOf(t, big, big)
		}
		got, err := readAll(NewReader(iotest.HalfReader(bytes.NewReader(data))))
		if err != nil || len(got) != 2 || got[1].Name != big.Name || len(got[1].Tags) != 5000 {
			t.Fatalf("%v: got %d records, %v", f, len(got), err)
		}
		// A type error after a record bigger than the buffer is still located.
		bad := append(data, msgpackOf(t, m{"name": "ok", "params": m{"kappa": "x"}})...)
		if f == JSON {
			bad = append(data, jsonOf(t, m{"name": "ok", "params": m{"kappa": "x"}})...)
		}
		_, err = readAll(NewReader(bytes.NewReader(bad)))
		var re *RecordError
		if !errors.As(err, &re) || re.Index != 2 || re.Field != "params.kappa" {
			t.Fatalf("%v: got %v", f, err)
		}
	}
}

func TestU64MaxRoundTrip(t *testing.T) {
	t.Parallel()
	type rec struct {
		A uint64 `json:"a"`
		B int64  `json:"b"`
	}
	in := rec{A: math.MaxUint64, B: math.MinInt64}
	for _, f := range []Format{Msgpack, JSON} {
		var buf bytes.Buffer
		w := NewWriter(&buf, f)
		if err := w.Write(in); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if f == JSON && buf.String() != "{\"a\":18446744073709551615,\"b\":-9223372036854775808}\n" {
			t.Errorf("json = %q", buf.String())
		}
		var out rec
		if err := NewReader(&buf).Next(&out); err != nil || out != in {
			t.Errorf("%v: got %+v, %v", f, out, err)
		}
	}
	// Into interface{}, JSON numbers stay exact (json.Number).
	var anyv map[string]any
	if err := NewReader(strings.NewReader(`{"a":18446744073709551615}`)).Next(&anyv); err != nil {
		t.Fatal(err)
	}
	if n, ok := anyv["a"].(json.Number); !ok || n.String() != "18446744073709551615" {
		t.Errorf("got %#v", anyv["a"])
	}
	// One past u64 max is an error naming the field.
	var out rec
	err := NewReader(strings.NewReader(`{"a":18446744073709551616}`)).Next(&out)
	var re *RecordError
	if !errors.As(err, &re) || re.Field != "a" || !errors.Is(err, ErrMalformed) {
		t.Errorf("overflow: got %v", err)
	}
}

func TestWithFormat(t *testing.T) {
	t.Parallel()
	// A msgpack stream whose first byte is '{' (a fixint 123 record) only
	// decodes with an explicit format.
	data := msgpackOf(t, 123, 5)
	r := NewReader(bytes.NewReader(data), WithFormat(Msgpack))
	var a, b int
	if err := r.Next(&a); err != nil || a != 123 {
		t.Fatalf("got %d, %v", a, err)
	}
	if err := r.Next(&b); err != nil || b != 5 {
		t.Fatalf("got %d, %v", b, err)
	}
	if err := r.Next(&b); err != io.EOF {
		t.Fatalf("got %v", err)
	}
}

func TestWriterJSONLines(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := NewWriter(&buf, JSON)
	type rec struct {
		A string `json:"a"`
		B int    `json:"b,omitempty"`
	}
	for _, r := range []rec{{A: "<τ>"}, {A: "x", B: 2}} {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if buf.Len() != 0 {
		t.Error("writer is not buffered")
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "{\"a\":\"<τ>\"}\n{\"a\":\"x\",\"b\":2}\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	if w.Count() != 2 || w.Format() != JSON {
		t.Errorf("count %d format %v", w.Count(), w.Format())
	}
}

func TestMsgpackHonoursJSONTags(t *testing.T) {
	t.Parallel()
	type rec struct {
		Long  string `json:"s"`
		Empty int    `json:"e,omitempty"`
		Skip  int    `json:"-"`
	}
	data := msgpackOf(t, rec{Long: "v", Skip: 9})
	var got map[string]any
	if err := NewReader(bytes.NewReader(data)).Next(&got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["s"] != "v" {
		t.Errorf("got %v, want map[s:v]", got)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWriterErrorsSticky(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	w := NewWriter(failWriter{boom}, Msgpack)
	if err := w.Write(1); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); !errors.Is(err, boom) {
		t.Fatalf("Flush = %v", err)
	}
	if err := w.Write(2); !errors.Is(err, boom) {
		t.Fatalf("Write after failure = %v", err)
	}
	if err := NewWriter(io.Discard, JSON).Write(func() {}); err == nil {
		t.Error("encoding a func should fail")
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]Format{"json": JSON, "JSON": JSON, "msgpack": Msgpack, "jsonl": JSON} {
		if got, err := ParseFormat(s); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseFormat("xml"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("got %v", err)
	}
}

func TestDeepNesting(t *testing.T) {
	t.Parallel()
	deepMsgpack := bytes.Repeat([]byte{0x91}, 2*maxDepth)
	deepJSON := []byte(strings.Repeat("[", 2*maxDepth) + strings.Repeat("]", 2*maxDepth))
	for _, in := range [][]byte{deepMsgpack, deepJSON} {
		var v any
		err := NewReader(bytes.NewReader(in)).Next(&v)
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("got %v, want ErrMalformed", err)
		}
	}
	// Nesting just under the limit decodes.
	ok := append(bytes.Repeat([]byte{0x91}, 100), 0x01)
	var v any
	if err := NewReader(bytes.NewReader(ok), WithFormat(Msgpack)).Next(&v); err != nil {
		t.Fatal(err)
	}
}

// Not parallel: it measures allocation.
func TestHostileLengthsDoNotAllocate(t *testing.T) {
	cases := [][]byte{
		{0xdd, 0xff, 0xff, 0xff, 0xff, 0x01},       // array32 of 4G items, 1 present
		{0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 'a'},  // map32
		{0xdb, 0x7f, 0xff, 0xff, 0xff, 'x'},        // str32 of 2 GiB
		{0xc9, 0x7f, 0xff, 0xff, 0xff, 0x01, 0x00}, // ext32
	}
	for _, in := range cases {
		var before, after runtimeMem
		before.read()
		var v any
		err := NewReader(bytes.NewReader(in)).Next(&v)
		after.read()
		if !errors.Is(err, ErrTruncated) {
			t.Errorf("% x: got %v, want truncation", in, err)
		}
		if d := after.total - before.total; d > 8<<20 {
			t.Errorf("% x: allocated %d bytes", in, d)
		}
	}
}

func TestCheckMsgpack(t *testing.T) {
	good := [][]byte{{0x01}, {0xc0}, {0x92, 0x01, 0xa1, 'x'}, {0x81, 0xa1, 'k', 0x90}, {0xdd, 0, 0, 0, 1, 0x05}}
	for _, b := range good {
		if err := CheckMsgpack(b); err != nil {
			t.Errorf("%x: %v", b, err)
		}
	}
	bad := map[string][]byte{
		"empty":          nil,
		"truncated":      {0x92, 0x01},
		"huge array":     {0xdd, 0xff, 0xff, 0xff, 0xff, 0x01},
		"huge bin":       {0xc6, 0xff, 0xff, 0xff, 0xff, 0x01},
		"trailing":       {0x01, 0x02},
		"invalid code":   {0xc1},
		"truncated uint": {0xcf, 0x01},
	}
	for name, b := range bad {
		if err := CheckMsgpack(b); err == nil {
			t.Errorf("%s (%x) passed", name, b)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { _ = CheckMsgpack(good[2]) }); allocs > 0 {
		t.Errorf("%v allocations per check", allocs)
	}
}
