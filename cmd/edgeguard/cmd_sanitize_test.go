package main

import "testing"

func TestCLISanitizePolicies(t *testing.T) {
	const styled = `<p class="x" style="color: red; position: fixed">a <a href="https://e.test/">l</a></p><script>1</script>`
	checkCLI(t, []cliCase{
		{"strict", []string{"sanitize", "--policy", "strict"}, styled, exitOK, "a l", ""},
		{"basic", []string{"sanitize", "--policy", "basic"}, styled, exitOK, "<p>a l</p>", ""},
		{"ugc", []string{"sanitize", "--policy", "ugc"}, styled, exitOK, `<p>a <a href="https://e.test/" rel="nofollow">l</a></p>`, ""},
		{"rich", []string{"sanitize", "--policy", "rich"}, styled, exitOK,
			`<p class="x" style="color: red">a <a href="https://e.test/" rel="nofollow noopener noreferrer" target="_blank">l</a></p>`, ""},
		{"preset as a JSON string", []string{"sanitize", "--policy", `"strict"`}, "<b>x</b>", exitOK, "x", ""},
		{"policy object", []string{"sanitize", "--policy", `{"elements": {"img": {"attributes": {"src": {"schemes": ["https"], "hosts": ["img.test"]}}}}}`},
			`<img src="https://img.test/a.png"><img src="https://evil.test/a.png">x`, exitOK, `<img src="https://img.test/a.png">x`, ""},
		{"preset extended", []string{"sanitize", "--policy", `{"preset": "basic", "elements": {"a": ["href"]}}`},
			`<a href="https://e.test/" class="c" onclick="x()">l</a>`, exitOK, `<a href="https://e.test/">l</a>`, ""},
		{"unknown key named", []string{"sanitize", "--policy", `{"preset": "ugc", "elemnts": {}}`}, "", exitUsage, "", "elemnts"},
		{"forbidden element named", []string{"sanitize", "--policy", `{"elements": {"script": []}}`}, "", exitUsage, "", "script"},
		{"not JSON", []string{"sanitize", "--policy", `{"preset":`}, "", exitUsage, "", "bad_config"},
	})
}
