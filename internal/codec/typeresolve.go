package codec

import (
	"fmt"
	"reflect"
	"strings"
)

// mpKind names the kind of msgpack value that starts with code c, in the words
// encoding/json uses for its type errors.
func mpKind(c byte) string {
	switch {
	case c <= 0x7f || c >= 0xe0 || (c >= 0xca && c <= 0xd3):
		return "number"
	case c&0xf0 == 0x80 || c == 0xde || c == 0xdf:
		return "object"
	case c&0xf0 == 0x90 || c == 0xdc || c == 0xdd:
		return "array"
	case c&0xe0 == 0xa0 || c == 0xd9 || c == 0xda || c == 0xdb:
		return "string"
	case c == 0xc0:
		return "null"
	case c == 0xc2 || c == 0xc3:
		return "bool"
	case c >= 0xc4 && c <= 0xc6:
		return "binary"
	}
	return "extension"
}

// invalidCode parses the code byte out of msgpack's "invalid code=a3 decoding …".
func invalidCode(msg string) (byte, bool) {
	i := strings.Index(msg, "invalid code=")
	if i < 0 {
		return 0, false
	}
	var c uint
	if _, err := fmt.Sscanf(msg[i+len("invalid code="):], "%x", &c); err != nil || c > 0xff {
		return 0, false
	}
	return byte(c), true
}

// fieldType returns the Go type at a dotted json-name path inside t, or nil.
func fieldType(t reflect.Type, path string) reflect.Type {
	if t == nil {
		return nil
	}
	var parts []string
	if path != "" {
		parts = strings.Split(path, ".")
	}
	for {
		t = deref(t)
		if len(parts) == 0 {
			return t
		}
		switch t.Kind() {
		case reflect.Struct:
			f, ok := structField(t, parts[0])
			if !ok {
				return nil
			}
			t, parts = f, parts[1:]
		case reflect.Map:
			t, parts = t.Elem(), parts[1:]
		default:
			return nil
		}
	}
}

// deref strips pointers and slice/array element types (paths carry no indexes).
func deref(t reflect.Type) reflect.Type {
	for {
		switch t.Kind() {
		case reflect.Pointer:
			t = t.Elem()
		case reflect.Slice, reflect.Array:
			if t.Elem().Kind() == reflect.Uint8 { // []byte is a scalar
				return t
			}
			t = t.Elem()
		default:
			return t
		}
	}
}

// structField finds the field named name by its json tag (or Go name),
// looking into embedded structs.
func structField(t reflect.Type, name string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		tn, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && tn == "" {
			if ft := deref(f.Type); ft.Kind() == reflect.Struct {
				if typ, ok := structField(ft, name); ok {
					return typ, true
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tn == "" {
			tn = f.Name
		}
		if tn == name {
			return f.Type, true
		}
	}
	return nil, false
}
