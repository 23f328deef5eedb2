package yuma

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ParseScenarioJSON decodes one scenario in the schema of the vectors'
// epoch cases. Fields the runner does not use (source, description,
// expected, derived, notes, …) are ignored at the case and step level; the
// params, the initial state and the actions are decoded strictly (an
// unknown field there is an error). Errors name the field.
func ParseScenarioJSON(data []byte) (*Scenario, error) {
	var c struct {
		ID           string          `json:"id"`
		Params       json.RawMessage `json:"params"`
		InitialState json.RawMessage `json:"initial_state"`
		Steps        []struct {
			Block   *uint64         `json:"block"`
			Actions json.RawMessage `json:"actions"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, jsonFieldErr("", err)
	}
	sc := &Scenario{ID: c.ID}
	if c.Params == nil {
		return nil, fieldErr("params", "missing")
	}
	if err := strictJSON(c.Params, &sc.Params); err != nil {
		return nil, jsonFieldErr("params", err)
	}
	if c.InitialState == nil {
		return nil, fieldErr("initial_state", "missing")
	}
	if err := strictJSON(c.InitialState, &sc.InitialState); err != nil {
		return nil, jsonFieldErr("initial_state", err)
	}
	if c.Steps == nil {
		return nil, fieldErr("steps", "missing")
	}
	sc.Steps = make([]Step, len(c.Steps))
	for k, st := range c.Steps {
		field := fmt.Sprintf("steps[%d]", k)
		if st.Block == nil {
			return nil, fieldErr(field+".block", "missing")
		}
		sc.Steps[k].Block = *st.Block
		if st.Actions != nil {
			if err := strictJSON(st.Actions, &sc.Steps[k].Actions); err != nil {
				return nil, jsonFieldErr(field+".actions", err)
			}
		}
	}
	return sc, nil
}

func strictJSON(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	return nil
}

// jsonFieldErr turns a decoding error into a FieldError under prefix.
func jsonFieldErr(prefix string, err error) error {
	field := prefix
	var te *json.UnmarshalTypeError
	if ok := asType(err, &te); ok && te.Field != "" {
		if field != "" {
			field += "."
		}
		field += te.Field
		return fieldErr(field, "cannot decode %s into %s", te.Value, te.Type)
	}
	if field == "" {
		field = "scenario"
	}
	return fieldErr(field, "%v", trimJSONPrefix(err.Error()))
}

func trimJSONPrefix(s string) string {
	const p = "json: "
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
