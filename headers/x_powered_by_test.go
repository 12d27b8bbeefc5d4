package headers

import "testing"

func TestXPoweredByIsRemoved(t *testing.T) {
	for _, tc := range []struct {
		options string
		remove  bool
	}{{`{}`, true}, {`{"xPoweredBy":false}`, false}, {`{"hidePoweredBy":false}`, false}, {`{"hidePoweredBy":true}`, true}} {
		p, err := Compile([]byte(tc.options))
		if err != nil {
			t.Fatal(err)
		}
		r, _ := p.Build("")
		if got := len(r.Remove) == 1 && r.Remove[0] == "X-Powered-By"; got != tc.remove {
			t.Errorf("%s: remove %v", tc.options, r.Remove)
		}
		if _, set := r.Get("X-Powered-By"); set {
			t.Errorf("%s: X-Powered-By is set", tc.options)
		}
	}
}
