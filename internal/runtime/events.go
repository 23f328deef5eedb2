package runtime

import (
	"fmt"
	"strconv"

	"github.com/taokit/taokit/internal/keys"
)

// Attr is one named event field rendered as a string (SS58 for accounts,
// decimal for integers), kept in emission order for determinism.
type Attr struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Event is something a user may want to follow, named as subtensor names
// its events where one exists.
type Event struct {
	Name  string `json:"name"`
	Attrs []Attr `json:"attrs,omitempty"`
}

// Get returns the value of attribute key, or "".
func (e Event) Get(key string) string {
	for _, a := range e.Attrs {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}

// NewEvent builds an event from alternating keys and values.
func NewEvent(name string, kv ...any) Event {
	e := Event{Name: name, Attrs: make([]Attr, 0, len(kv)/2)}
	for i := 0; i+1 < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			k = fmt.Sprint(kv[i])
		}
		e.Attrs = append(e.Attrs, Attr{Key: k, Value: render(kv[i+1])})
	}
	return e
}

func render(v any) string {
	switch x := v.(type) {
	case keys.AccountID:
		return x.String()
	case uint64:
		return strconv.FormatUint(x, 10)
	case uint16:
		return strconv.FormatUint(uint64(x), 10)
	case uint32:
		return strconv.FormatUint(uint64(x), 10)
	case uint8:
		return strconv.FormatUint(uint64(x), 10)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}
