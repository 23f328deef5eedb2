package chain

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/taokit/taokit/internal/state"
)

// paramName turns a Go field name into its genesis key (snake_case).
func paramName(field string) string {
	var b strings.Builder
	rs := []rune(field)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParamNames lists the keys accepted in genesis [params].
func ParamNames() []string {
	var out []string
	t := reflect.TypeOf(state.Params{})
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && isUint(f.Type.Kind()) {
			out = append(out, paramName(f.Name))
		}
	}
	slices.Sort(out)
	return out
}

// applyParamOverrides sets chain parameters by genesis key, checking that
// each key exists and each value fits its field.
func applyParamOverrides(p *state.Params, over map[string]uint64) error {
	v := reflect.ValueOf(p).Elem()
	t := v.Type()
	byName := map[string]int{}
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && isUint(f.Type.Kind()) {
			byName[paramName(f.Name)] = i
		}
	}
	keys := make([]string, 0, len(over))
	for k := range over {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		i, ok := byName[k]
		if !ok {
			return fmt.Errorf("%w: unknown param %q (known: %s)", ErrGenesis, k, strings.Join(ParamNames(), ", "))
		}
		f := v.Field(i)
		val := over[k]
		if f.OverflowUint(val) {
			return fmt.Errorf("%w: param %s = %d out of range", ErrGenesis, k, val)
		}
		f.SetUint(val)
	}
	return nil
}

func isUint(k reflect.Kind) bool {
	switch k {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}
