// Package sanitize removes from untrusted HTML everything a policy does not
// allow, so that the result is safe to insert into a page.
package sanitize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/microcosm-cc/bluemonday"
)

// Error is a sanitizer error with a stable code (see docs/abi.md).
type Error struct {
	code string
	msg  string
}

func (e *Error) Error() string { return e.msg }

// Code returns the stable error code.
func (e *Error) Code() string { return e.code }

func errorf(code, format string, args ...any) error {
	return &Error{code: code, msg: fmt.Sprintf(format, args...)}
}

// Policy is a compiled sanitizer policy. It is immutable and safe for
// concurrent use.
type Policy struct {
	name string
	bm   *bluemonday.Policy
}

var presets = map[string]func() *bluemonday.Policy{
	"strict": bluemonday.StrictPolicy,
	"ugc":    bluemonday.UGCPolicy,
}

// PresetNames lists the preset policy names, sorted.
func PresetNames() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Preset returns the named preset policy.
func Preset(name string) (*Policy, error) {
	mk, ok := presets[name]
	if !ok {
		return nil, errorf("bad_config", "unknown preset %q (presets: %v)", name, PresetNames())
	}
	return &Policy{name: name, bm: mk()}, nil
}

// Compile compiles a JSON policy configuration: either a preset name as a
// JSON string ("ugc") or an object naming one ({"preset": "ugc"}).
func Compile(config []byte) (*Policy, error) {
	config = bytes.TrimSpace(config)
	if len(config) > 0 && config[0] == '"' {
		var name string
		if err := json.Unmarshal(config, &name); err != nil {
			return nil, errorf("bad_config", "policy: %v", err)
		}
		return Preset(name)
	}
	var obj struct {
		Preset string `json:"preset"`
	}
	dec := json.NewDecoder(bytes.NewReader(config))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&obj); err != nil {
		return nil, errorf("bad_config", "policy: %v", err)
	}
	if dec.More() {
		return nil, errorf("bad_config", "policy: trailing data after the JSON value")
	}
	return Preset(obj.Preset)
}

// Name returns the preset name the policy was built from.
func (p *Policy) Name() string { return p.name }

// Sanitize returns html with everything the policy forbids removed.
func (p *Policy) Sanitize(html string) (string, error) {
	return p.bm.Sanitize(html), nil
}
