package csrf

import (
	"strconv"
	"strings"
)

// Cookie describes the cookie a token travels in.
//
// The JSON names are those of the csrf_token kind's "cookie" configuration
// (docs/practices.md), so hosts pass a Cookie to the module as it is.
type Cookie struct {
	Name     string `json:"name"`
	Path     string `json:"path"`
	Domain   string `json:"domain"`
	SameSite string `json:"same_site"` // "Strict", "Lax" or "None"
	MaxAge   int    `json:"max_age"`   // seconds; 0 = session cookie
	// Insecure drops the Secure attribute (plain-HTTP development only; a
	// __Host- or __Secure- name refuses it). Negative so that the zero
	// value is the safe one.
	Insecure bool `json:"insecure"`
	// Readable drops HttpOnly, for single-page apps that read the token
	// from the cookie instead of receiving it in a response body.
	Readable bool `json:"readable"`
}

// DefaultCookie is csrf-csrf's default cookie: the __Host- prefix (the
// browser refuses it unless Secure, Path=/ and no Domain, so a sibling
// subdomain or a plain-HTTP response cannot plant it), SameSite=Strict,
// HttpOnly.
var DefaultCookie = Cookie{Name: "__Host-psifi.x-csrf-token", Path: "/", SameSite: "Strict"}

// Validate checks the cookie's name and attributes, including the rules the
// browser enforces for the __Host- and __Secure- prefixes (a cookie that
// breaks them would silently never be stored).
func (c Cookie) Validate() error {
	if c.Name == "" || len(c.Name) > 128 || strings.ContainsFunc(c.Name, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || strings.ContainsRune(`()<>@,;:\"/[]?={}`, r)
	}) {
		return errorf(CodeBadConfig, "cookie name "+strconv.Quote(c.Name)+" is not an HTTP token")
	}
	if strings.ContainsAny(c.Path+c.Domain, ";\r\n\x00") {
		return errorf(CodeBadConfig, "cookie path and domain must not contain ';' or control characters")
	}
	switch c.SameSite {
	case "Strict", "Lax":
	case "None":
		if c.Insecure {
			return errorf(CodeBadConfig, "SameSite=None requires Secure")
		}
	default:
		return errorf(CodeBadConfig, `cookie SameSite must be "Strict", "Lax" or "None"`)
	}
	if c.MaxAge < 0 {
		return errorf(CodeBadConfig, "cookie max age must not be negative")
	}
	lower := strings.ToLower(c.Name)
	if strings.HasPrefix(lower, "__host-") && (c.Insecure || c.Path != "/" || c.Domain != "") {
		return errorf(CodeBadConfig, "a __Host- cookie must be Secure, have Path=/ and no Domain")
	}
	if strings.HasPrefix(lower, "__secure-") && c.Insecure {
		return errorf(CodeBadConfig, "a __Secure- cookie must be Secure")
	}
	return nil
}

// Header returns the Set-Cookie header value for value, attributes in a
// fixed order.
func (c Cookie) Header(value string) string {
	var b strings.Builder
	b.WriteString(c.Name + "=" + value)
	if c.Path != "" {
		b.WriteString("; Path=" + c.Path)
	}
	if c.Domain != "" {
		b.WriteString("; Domain=" + c.Domain)
	}
	if c.MaxAge > 0 {
		b.WriteString("; Max-Age=" + strconv.Itoa(c.MaxAge))
	}
	if !c.Insecure {
		b.WriteString("; Secure")
	}
	if !c.Readable {
		b.WriteString("; HttpOnly")
	}
	b.WriteString("; SameSite=" + c.SameSite)
	return b.String()
}
