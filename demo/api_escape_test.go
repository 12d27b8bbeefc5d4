package demo

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/sanitize"
)

func TestEscapeAPI(t *testing.T) {
	post := practiceServer(t)
	for _, text := range []string{
		"",
		`plain text`,
		`</script><img src=x onerror="alert('1')"> & café 😀` + "\u2028",
		"?a=b&c=d \\ } \n\t",
	} {
		reply, status := post("/api/escape", text)
		if status != 200 || reply.Error != nil {
			t.Fatalf("%q: %d %+v", text, status, reply.Error)
		}
		var got []escaped
		if err := json.Unmarshal(reply.Output, &got); err != nil {
			t.Fatalf("%q: %v: %s", text, err, reply.Output)
		}
		if len(got) != len(escapeContexts) {
			t.Fatalf("%q: %d contexts, want %d", text, len(got), len(escapeContexts))
		}
		// Through the module on the wazero host, the same bytes as the
		// practice package natively, context by context, in the panel's order.
		for i, c := range escapeContexts {
			want, ok := sanitize.Escape(c, text)
			if !ok || got[i].Context != c || got[i].Output != want {
				t.Errorf("%q in %s: got %+v, want %q", text, c, got[i], want)
			}
		}
	}

	// The five contexts really differ: each escapes the same characters its own way.
	reply, _ := post("/api/escape", `"<'&`)
	var got []escaped
	json.Unmarshal(reply.Output, &got)
	want := map[string]string{"html": "&lt;", "attr": "&lt;", "url": "%22%3C%27%26", "js": `\x3C`, "css": `\3C`}
	for _, e := range got {
		if !strings.Contains(e.Output, want[e.Context]) || strings.Contains(e.Output, "<") {
			t.Errorf("%s: %q, want it to contain %q and no '<'", e.Context, e.Output, want[e.Context])
		}
	}

	// Input the module refuses is an error in the reply, never a partial list.
	reply, status := post("/api/escape", "\xff")
	if status != 200 || reply.Error == nil || reply.Error.Code != "invalid_utf8" || reply.Output != nil {
		t.Errorf("invalid UTF-8: %d %+v %s", status, reply.Error, reply.Output)
	}
}
