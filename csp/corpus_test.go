package csp

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The csp-evaluator corpus (../shared/corpora/csp-evaluator relative to the
// repository root) holds every call upstream's own tests make, with
// upstream's complete results. These tests replay them; they skip when the
// corpus is absent.

func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "corpora", "csp-evaluator", name)
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("corpus %s absent; skipping", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type corpusFinding struct {
	Type        string  `json:"type"`
	Severity    string  `json:"severity"`
	Directive   string  `json:"directive"`
	Value       *string `json:"value"`
	Description string  `json:"description"`
}

func toCorpus(fs []Finding) []corpusFinding {
	out := []corpusFinding{}
	for _, f := range fs {
		c := corpusFinding{Type: f.Type.String(), Severity: f.Severity.String(), Directive: f.Directive, Description: f.Description}
		if f.Value != "" {
			v := f.Value
			c.Value = &v
		}
		out = append(out, c)
	}
	return out
}

// orderedDirectives decodes a {directive: [values]} JSON object keeping key
// order, since directive order is part of what is compared.
func orderedDirectives(t *testing.T, raw json.RawMessage) []Directive {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	out := []Directive{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var vals []string
		if err := dec.Decode(&vals); err != nil {
			t.Fatal(err)
		}
		if vals == nil {
			vals = []string{}
		}
		out = append(out, Directive{Name: tok.(string), Values: vals})
	}
	return out
}

func directivesOf(p *Policy) []Directive {
	out := []Directive{}
	for _, d := range p.Directives() {
		vals := d.Values
		if vals == nil {
			vals = []string{}
		}
		out = append(out, Directive{d.Name, vals})
	}
	return out
}

var versions = map[string]Version{"CSP1": CSP1, "CSP2": CSP2, "CSP3": CSP3}

var checksByName = map[string]check{
	"checkScriptUnsafeInline": checkScriptUnsafeInline, "checkScriptUnsafeEval": checkScriptUnsafeEval,
	"checkPlainUrlSchemes": checkPlainURLSchemes, "checkWildcards": checkWildcards,
	"checkMissingDirectives": checkMissingDirectives, "checkScriptAllowlistBypass": checkScriptAllowlistBypass,
	"checkFlashObjectAllowlistBypass": checkFlashObjectAllowlistBypass, "checkIpSource": checkIPSource,
	"checkNonceLength": checkNonceLength, "checkSrcHttp": checkSrcHTTP,
	"checkDeprecatedDirective": checkDeprecatedDirective, "checkUnknownDirective": checkUnknownDirective,
	"checkMissingSemicolon": checkMissingSemicolon, "checkInvalidKeyword": checkInvalidKeyword,
	"checkStrictDynamic": checkStrictDynamic, "checkStrictDynamicNotStandalone": checkStrictDynamicNotStandalone,
	"checkUnsafeInlineFallback": checkUnsafeInlineFallback, "checkAllowlistFallback": checkAllowlistFallback,
	"checkRequiresTrustedTypesForScripts": checkRequiresTrustedTypesForScripts,
	"checkHasConfiguredReporting":         checkHasConfiguredReporting,
}

func TestCorpusCases(t *testing.T) {
	var cases []struct {
		ID         string          `json:"id"`
		Check      string          `json:"check"`
		CSP        json.RawMessage `json:"csp"`
		Version    *string         `json:"version"`
		Directives json.RawMessage `json:"directives"`
		Expected   json.RawMessage `json:"expected"`
		Effective  json.RawMessage `json:"effective_directives"`
	}
	if err := json.Unmarshal(corpusFile(t, "cases.json"), &cases); err != nil {
		t.Fatal(err)
	}
	pass := 0
	for _, c := range cases {
		ok := t.Run(c.ID, func(t *testing.T) {
			var policies []string
			isList := json.Unmarshal(c.CSP, &policies) == nil
			if !isList {
				var one string
				if err := json.Unmarshal(c.CSP, &one); err != nil {
					t.Fatal(err)
				}
				policies = []string{one}
			}
			parsed := make([]*Policy, len(policies))
			for i, s := range policies {
				parsed[i] = Parse(s)
				if c.Version != nil {
					parsed[i], _ = parsed[i].EffectiveFor(versions[*c.Version])
				}
			}
			if !isList && c.Check != "getEffectiveCsp" {
				if got, want := directivesOf(parsed[0]), orderedDirectives(t, c.Directives); !reflect.DeepEqual(got, want) {
					t.Errorf("directives\n got %v\nwant %v", got, want)
				}
			}
			var got any
			switch c.Check {
			case "evaluateForFailure":
				got = toCorpus(LighthouseFailures(parsed))
			case "evaluateForWarnings":
				got = toCorpus(LighthouseWarnings(parsed))
			case "evaluateForSyntaxErrors":
				var lists [][]corpusFinding
				for _, fs := range LighthouseSyntaxErrors(parsed) {
					lists = append(lists, toCorpus(fs))
				}
				got = lists
			case "getEffectiveCsp":
				eff, findings := Parse(policies[0]).EffectiveFor(versions[*c.Version])
				if got, want := directivesOf(eff), orderedDirectives(t, c.Effective); !reflect.DeepEqual(got, want) {
					t.Errorf("effective directives\n got %v\nwant %v", got, want)
				}
				got = toCorpus(findings)
			default:
				fn, ok := checksByName[c.Check]
				if !ok {
					t.Fatalf("no port of %s", c.Check)
				}
				got = toCorpus(fn(parsed[0]))
			}
			gotJSON, _ := json.Marshal(got)
			var want any
			switch c.Check {
			case "evaluateForSyntaxErrors":
				var w [][]corpusFinding
				_ = json.Unmarshal(c.Expected, &w)
				want = w
			default:
				w := []corpusFinding{}
				_ = json.Unmarshal(c.Expected, &w)
				want = w
			}
			wantJSON, _ := json.Marshal(want)
			if string(gotJSON) != string(wantJSON) {
				t.Errorf("findings\n got %s\nwant %s", gotJSON, wantJSON)
			}
		})
		if ok {
			pass++
		}
	}
	t.Logf("csp-evaluator cases.json: %d/%d identical (type, severity, directive, value, description, order)", pass, len(cases))
}

func TestCorpusParser(t *testing.T) {
	var cases []struct {
		ID         int             `json:"id"`
		Policy     string          `json:"policy"`
		Directives json.RawMessage `json:"directives"`
	}
	if err := json.Unmarshal(corpusFile(t, "parser_cases.json"), &cases); err != nil {
		t.Fatal(err)
	}
	pass := 0
	for _, c := range cases {
		p := Parse(c.Policy)
		want := orderedDirectives(t, c.Directives)
		if got := directivesOf(p); !reflect.DeepEqual(got, want) {
			t.Errorf("parser case %d %q\n got %v\nwant %v", c.ID, c.Policy, got, want)
			continue
		}
		// Round trip: serializing and parsing again gives the same policy.
		if again := Parse(p.String()); !reflect.DeepEqual(directivesOf(again), want) || again.String() != p.String() {
			t.Errorf("parser case %d: round trip changed %q into %q", c.ID, p.String(), again.String())
			continue
		}
		pass++
	}
	t.Logf("csp-evaluator parser_cases.json: %d/%d identical and round-trip stable", pass, len(cases))
}

func TestBypassListsMatchCorpus(t *testing.T) {
	corpus := corpusFile(t, "allowlist_bypasses/effective_lists.json")
	var a, b any
	if err := json.Unmarshal(corpus, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(bypassListsJSON, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("embedded bypasslists/lists.json differs from the corpus's effective_lists.json")
	}
	if n := len(bypass().jsonp); n != 123 {
		t.Fatalf("jsonp list has %d entries, corpus README says 123", n)
	}
}
