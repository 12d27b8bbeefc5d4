package sanitize

import (
	"testing"

	"github.com/edgeguard/edgeguard/sanitize/sanitizetest"
)

// TestCorpora runs every corpus payload through every preset and requires
// that the output, parsed as a browser would, holds nothing script-capable
// and is a fixpoint. How often the output equals DOMPurify's is logged,
// counted over the payloads where DOMPurify's output stays within the
// preset (DOMPurify also keeps SVG, MathML, style, id and forms); it is
// informative only.
func TestCorpora(t *testing.T) {
	payloads := sanitizetest.CorpusPayloads(t)
	for _, name := range PresetNames() {
		p, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		equal, compared, refused := 0, 0, 0
		for _, pl := range payloads {
			out, err := p.Sanitize(pl.Input)
			if err != nil {
				if e, ok := err.(*Error); !ok || e.Code() != CodeTooLarge {
					t.Errorf("%s %s: unexpected error %v", name, pl.Name, err)
				}
				refused++
				continue
			}
			if f := sanitizetest.Findings(out); len(f) > 0 {
				t.Errorf("%s %s: %q -> %q: %v", name, pl.Name, pl.Input, out, f)
			}
			if again, err := p.Sanitize(out); err != nil || again != out {
				t.Errorf("%s %s: not a fixpoint: %q -> %q (%v)", name, pl.Name, out, again, err)
			}
			// Compare with DOMPurify only where the policies overlap: some
			// accepted DOMPurify output uses nothing this preset forbids.
			overlap, same := false, false
			for _, e := range pl.Expected {
				overlap = overlap || p.outsidePolicy(e) == ""
				same = same || e == out
			}
			if overlap {
				compared++
				if same {
					equal++
				}
			}
		}
		t.Logf("preset %-6s: %d payloads, %d refused as too_large; where DOMPurify's output is within the preset (%d payloads), ours equals it for %d", name, len(payloads), refused, compared, equal)
	}
}
