// Package csp parses, serializes, builds parts of and evaluates
// Content-Security-Policy headers.
//
// The parser and the evaluator follow Google's csp-evaluator 1.1.6 (the tool
// security reviewers use): the same parsing rules (first duplicate directive
// wins, keywords and schemes lower-cased, repeated values dropped), the same
// "effective policy" per CSP version, and the same checks, finding types and
// severities, so that a policy gets the same verdict here as on
// csp-evaluator.withgoogle.com. Differences are listed in docs/headers.md.
//
// The package also makes the per-response pieces of a strict policy: nonces
// (NewNonce) and hashes of inline scripts and styles (Hash), and turns
// violation reports (report-uri and Reporting API bodies) into structured
// security events (ParseReports).
package csp
