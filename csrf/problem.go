package csrf

import "encoding/json"

// Problem is the RFC 9457 body of a 403 refusal. It carries the stable
// reason code (an extension member) and nothing about the server.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Code   string `json:"code"`
}

// ProblemContentType is the media type of a Problem body.
const ProblemContentType = "application/problem+json"

// NewProblem returns the refusal body for a reason or error code.
func NewProblem(code string) *Problem {
	return &Problem{Type: "about:blank", Title: "Forbidden", Status: 403, Code: code}
}

// JSON returns the problem body.
func (p *Problem) JSON() []byte {
	b, _ := json.Marshal(p) // strings and an int: cannot fail
	return b
}
