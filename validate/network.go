package validate

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Network validators: isIP, isIPRange, isFQDN, isURL, isEmail, isMACAddress,
// isMailtoURI.

func init() {
	registerValidators(map[string]compileFunc{
		"isIP":         compileIsIP,
		"isIPRange":    compileIsIPRange,
		"isFQDN":       compileIsFQDN,
		"isURL":        compileIsURL,
		"isEmail":      func(a args) (Func, error) { return compileIsEmail(a, 0) },
		"isMACAddress": compileIsMAC,
		"isMailtoURI":  compileMailto,
	})
}

const (
	ipv4Seg  = `(?:[0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])`
	ipv4Addr = `(` + ipv4Seg + `[.]){3}` + ipv4Seg
	ipv6Seg  = `(?:[0-9a-fA-F]{1,4})`
)

var (
	ipv4RE = re(`^` + ipv4Addr + `$`)
	ipv6RE = re(`^(` +
		`(?:` + ipv6Seg + `:){7}(?:` + ipv6Seg + `|:)|` +
		`(?:` + ipv6Seg + `:){6}(?:` + ipv4Addr + `|:` + ipv6Seg + `|:)|` +
		`(?:` + ipv6Seg + `:){5}(?::` + ipv4Addr + `|(:` + ipv6Seg + `){1,2}|:)|` +
		`(?:` + ipv6Seg + `:){4}(?:(:` + ipv6Seg + `){0,1}:` + ipv4Addr + `|(:` + ipv6Seg + `){1,3}|:)|` +
		`(?:` + ipv6Seg + `:){3}(?:(:` + ipv6Seg + `){0,2}:` + ipv4Addr + `|(:` + ipv6Seg + `){1,4}|:)|` +
		`(?:` + ipv6Seg + `:){2}(?:(:` + ipv6Seg + `){0,3}:` + ipv4Addr + `|(:` + ipv6Seg + `){1,5}|:)|` +
		`(?:` + ipv6Seg + `:){1}(?:(:` + ipv6Seg + `){0,4}:` + ipv4Addr + `|(:` + ipv6Seg + `){1,6}|:)|` +
		`(?::((?::` + ipv6Seg + `){0,5}:` + ipv4Addr + `|(?::` + ipv6Seg + `){1,7}|:))` +
		`)(%[0-9a-zA-Z.]{1,})?$`)
)

// ipVersion reads isIP's version argument: {version} or a bare 4/6/"4"/"6".
func ipVersion(a args) (string, error) {
	v := a.at(0)
	if o, ok := v.(*Object); ok {
		if _, err := a.opts(0, "version"); err != nil {
			return "", err
		}
		v, _ = o.Get("version")
	}
	if !truthy(v) {
		return "", nil
	}
	// Another version makes validator.js return false for every input;
	// "never" keeps that verdict.
	s := ToString(v)
	if s != "4" && s != "6" {
		return "never", nil
	}
	return s, nil
}

func isIPVersion(s, version string) bool {
	switch version {
	case "4":
		return isIPv4(s)
	case "6":
		return isIPv6(s)
	case "never":
		return false
	}
	return isIPv4(s) || isIPv6(s)
}

// isIPv4 and isIPv6 skip the (large) patterns when a cheap necessary
// condition already fails: hosts are checked as IPs before as names.
func isIPv4(s string) bool {
	if len(s) < 7 || len(s) > 15 || strings.Trim(s, "0123456789.") != "" {
		return false
	}
	return ipv4RE.MatchString(s)
}

func isIPv6(s string) bool {
	return strings.IndexByte(s, ':') >= 0 && ipv6RE.MatchString(s)
}

func compileIsIP(a args) (Func, error) {
	v, err := ipVersion(a)
	if err != nil {
		return nil, err
	}
	return func(s string) bool { return isIPVersion(s, v) }, nil
}

var subnetMaybe = re(`^\d{1,3}$`)

func compileIsIPRange(a args) (Func, error) {
	v, err := ipVersion(a)
	if err != nil {
		return nil, err
	}
	return func(s string) bool {
		parts := strings.Split(s, "/")
		if len(parts) != 2 || !subnetMaybe.MatchString(parts[1]) || len(parts[1]) > 1 && parts[1][0] == '0' {
			return false
		}
		if !isIPVersion(parts[0], v) {
			return false
		}
		limit := 32.0
		if v == "6" || v == "" && ipv6RE.MatchString(parts[0]) {
			limit = 128
		}
		n := jsStringToNumber(parts[1])
		return n <= limit && n >= 0
	}, nil
}

// fqdnOptions are isFQDN's options (also used by isURL and isEmail).
type fqdnOptions struct {
	requireTLD, allowUnderscores, allowTrailingDot, allowNumericTLD, allowWildcard, ignoreMaxLength bool
}

var fqdnKeys = []string{"require_tld", "allow_underscores", "allow_trailing_dot", "allow_numeric_tld", "allow_wildcard", "ignore_max_length"}

func readFQDN(o opts) fqdnOptions {
	return fqdnOptions{
		requireTLD:       o.flag("require_tld", true),
		allowUnderscores: o.flag("allow_underscores", false),
		allowTrailingDot: o.flag("allow_trailing_dot", false),
		allowNumericTLD:  o.flag("allow_numeric_tld", false),
		allowWildcard:    o.flag("allow_wildcard", false),
		ignoreMaxLength:  o.flag("ignore_max_length", false),
	}
}

func compileIsFQDN(a args) (Func, error) {
	o, err := a.opts(0, fqdnKeys...)
	if err != nil {
		return nil, err
	}
	f := readFQDN(o)
	if v, ok := o.get("allow_wildcard"); ok && v != true {
		f.allowWildcard = false // validator.js tests allow_wildcard === true
	}
	return func(s string) bool { return isFQDN(s, f) }, nil
}

var ()

func isFQDN(s string, o fqdnOptions) bool {
	if o.allowTrailingDot && strings.HasSuffix(s, ".") {
		s = s[:len(s)-1]
	}
	if o.allowWildcard && strings.HasPrefix(s, "*.") {
		s = s[2:]
	}
	// The labels are walked with SplitSeq and the TLD sliced off: a
	// strings.Split here was an allocation per e-mail and URL checked.
	tld := s[strings.LastIndexByte(s, '.')+1:]
	if o.requireTLD {
		if !strings.Contains(s, ".") {
			return false
		}
		if !o.allowNumericTLD && !isTLD(tld) {
			return false
		}
		if strings.ContainsFunc(tld, isJSSpace) {
			return false
		}
	}
	if !o.allowNumericTLD && tld != "" && strings.Trim(tld, "0123456789") == "" {
		return false // all digits
	}
	for p := range strings.SplitSeq(s, ".") {
		if utf16Len(p) > 63 && !o.ignoreMaxLength {
			return false
		}
		if !isFQDNLabel(p) {
			return false
		}
		if strings.HasPrefix(p, "-") || strings.HasSuffix(p, "-") {
			return false
		}
		if !o.allowUnderscores && strings.Contains(p, "_") {
			return false
		}
	}
	return true
}

// isTLD is validator.js's
// /^([a-z\u00A1-\u00A8\u00AA-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]{2,}|xn[a-z0-9-]{2,})$/i
// as a loop (host names and e-mail domains are checked on every request).
// JavaScript's /i without /u folds only ASCII letters here, so ASCII
// comparisons are exact.
func isTLD(s string) bool {
	if len(s) >= 4 && (s[0] == 'x' || s[0] == 'X') && (s[1] == 'n' || s[1] == 'N') {
		punycode := true
		for i := 2; i < len(s); i++ {
			if c := s[i] | 0x20; !(c >= 'a' && c <= 'z') && !(s[i] >= '0' && s[i] <= '9') && s[i] != '-' {
				punycode = false
				break
			}
		}
		if punycode {
			return true
		}
	}
	n := 0
	for _, r := range s {
		switch {
		case r|0x20 >= 'a' && r|0x20 <= 'z' && r < utf8.RuneSelf,
			r >= 0xA1 && r <= 0xA8, r >= 0xAA && r <= 0xD7FF, r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFEF:
			n++
		default:
			return false
		}
	}
	return n >= 2
}

// isFQDNLabel is /^[a-z_\u00a1-\uffff0-9-]+$/i without a full-width
// character (U+FF01–U+FF5E), as a loop: it runs for every label of every
// host name and e-mail domain.
func isFQDNLabel(p string) bool {
	if p == "" {
		return false
	}
	for _, r := range p {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
		case r >= 0xFF01 && r <= 0xFF5E:
			return false
		case r >= 0xA1:
		default:
			return false
		}
	}
	return true
}

// hostList is a host_whitelist/host_blacklist: exact strings or patterns.
type hostList struct {
	exact    []string
	patterns []*regexp.Regexp
	set      bool // the option was given (isURL: even an empty list whitelists nothing)
}

func readHostList(o opts, key string) (hostList, error) {
	v, ok := o.get(key)
	if !ok || v == nil {
		return hostList{}, nil
	}
	l := hostList{set: true}
	items, isArr := v.([]any)
	if !isArr {
		return l, optErr("%s must be an array of host names or {\"$regexp\"} patterns", key)
	}
	for _, it := range items {
		switch t := it.(type) {
		case RegExp:
			rx, _, err := compileJSRegExp(t.Source, t.Flags)
			if err != nil {
				return l, err
			}
			l.patterns = append(l.patterns, rx)
		case string:
			l.exact = append(l.exact, t)
		default:
			return l, optErr("%s entries must be strings or {\"$regexp\"} patterns", key)
		}
	}
	return l, nil
}

func (l hostList) empty() bool { return len(l.exact) == 0 && len(l.patterns) == 0 }

func (l hostList) has(host string) bool {
	for _, e := range l.exact {
		if e == host {
			return true
		}
	}
	for _, p := range l.patterns {
		if p.MatchString(host) {
			return true
		}
	}
	return false
}

var urlKeys = append([]string{"protocols", "require_protocol", "require_host", "require_port", "require_valid_protocol",
	"allow_protocol_relative_urls", "allow_fragments", "allow_query_components", "disallow_auth", "validate_length",
	"max_allowed_length", "host_whitelist", "host_blacklist"}, fqdnKeys...)

var (
	urlAuthChars  = re(`^[a-zA-Z0-9\-_.%:]*$`)
	urlEncoded    = re(`%[0-9a-fA-F]{2}`)
	urlPortDigits = re(`^[0-9]+$`)
	wrappedIPv6   = re(`^\[([^\]]+)\](?::([0-9]+))?$`)
)

// scriptSchemes are never accepted by isURL, whatever its options say: with
// require_valid_protocol false validator.js accepts "javascript:alert(1)" as
// a URL, which is exactly the value an XSS filter relies on isURL to refuse.
// Listing one of them in `protocols` explicitly opts back in.
var scriptSchemes = map[string]bool{"javascript": true, "vbscript": true, "data": true}

func compileIsURL(a args) (Func, error) {
	o, err := a.opts(0, urlKeys...)
	if err != nil {
		return nil, err
	}
	u := urlOptions{
		fqdn:              readFQDN(o),
		protocols:         []string{"http", "https", "ftp"},
		requireProtocol:   o.flag("require_protocol", false),
		requireHost:       o.flag("require_host", true),
		requirePort:       o.flag("require_port", false),
		requireValidProto: o.flag("require_valid_protocol", true),
		allowRelative:     o.flag("allow_protocol_relative_urls", false),
		allowFragments:    o.flag("allow_fragments", true),
		allowQuery:        o.flag("allow_query_components", true),
		disallowAuth:      o.flag("disallow_auth", false),
		validateLength:    o.flag("validate_length", true),
		maxLength:         2084,
	}
	if p, ok := o.list("protocols"); ok {
		u.protocols = p
	}
	if n, ok, err := o.num("max_allowed_length"); err != nil {
		return nil, err
	} else if ok {
		u.maxLength = n
	}
	if u.whitelist, err = readHostList(o, "host_whitelist"); err != nil {
		return nil, err
	}
	if u.blacklist, err = readHostList(o, "host_blacklist"); err != nil {
		return nil, err
	}
	return u.valid, nil
}

type urlOptions struct {
	fqdn                                                         fqdnOptions
	protocols                                                    []string
	requireProtocol, requireHost, requirePort, requireValidProto bool
	allowRelative, allowFragments, allowQuery, disallowAuth      bool
	validateLength                                               bool
	maxLength                                                    float64
	whitelist, blacklist                                         hostList
}

func (o urlOptions) listed(proto string) bool {
	for _, p := range o.protocols {
		if p == proto {
			return true
		}
	}
	return false
}

// valid is validator.js 13.15.35's isURL, step for step, plus the scheme
// refusal above.
// The scans below replace regexps that were most of an invalid URL's cost;
// they accept exactly what the regexps did (network_test.go checks them
// against those).

// isURLBadChar is validator.js's /[\s<>]/ for one code point.
func isURLBadChar(r rune) bool { return r == '<' || r == '>' || isJSSpace(r) }

// urlScheme returns the scheme of (?i)^([a-z][a-z0-9+\-.]*): — with
// RE2's case folding, under which [a-z] also holds U+017F (ſ) and U+212A
// (Kelvin sign) — and whether url starts with one.
func urlScheme(url string) (string, bool) {
	for i, r := range url {
		switch {
		case r == ':' && i > 0:
			return url[:i], true
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', r == 0x17F, r == 0x212A:
		case i > 0 && ('0' <= r && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return "", false
		}
	}
	return "", false
}

func (o urlOptions) valid(url string) bool {
	if url == "" || strings.ContainsFunc(url, isURLBadChar) || strings.HasPrefix(url, "mailto:") {
		return false
	}
	if o.validateLength && float64(utf16Len(url)) > o.maxLength {
		return false
	}
	if !o.allowFragments && strings.Contains(url, "#") {
		return false
	}
	if !o.allowQuery && strings.ContainsAny(url, "?&") {
		return false
	}
	url, _, _ = strings.Cut(url, "#")
	url, _, _ = strings.Cut(url, "?")
	explicit := false
	var protocol string
	if scheme, ok := urlScheme(url); ok {
		after := url[len(scheme)+1:]
		takeProtocol := true
		if !strings.HasPrefix(after, "//") {
			beforeSlash := after
			if i := strings.IndexByte(after, '/'); i >= 0 {
				beforeSlash = after[:i]
			}
			if at := strings.IndexByte(beforeSlash, '@'); at >= 0 {
				beforeAt := beforeSlash[:at]
				if urlAuthChars.MatchString(beforeAt) && !urlEncoded.MatchString(beforeAt) {
					takeProtocol = false // "user:pass@host": the colon was not a scheme's
				}
			} else if after != "" && '0' <= after[0] && after[0] <= '9' {
				takeProtocol = false // "host:8080"
			}
		}
		if takeProtocol {
			explicit = true
			protocol = strings.ToLower(scheme)
			if o.requireValidProto && !o.listed(protocol) {
				return false
			}
			if scriptSchemes[protocol] && !o.listed(protocol) {
				return false
			}
			url = after
		} else if o.requireProtocol {
			return false
		}
	} else if o.requireProtocol {
		return false
	}
	if strings.HasPrefix(url, "//") {
		if !explicit && !o.allowRelative {
			return false
		}
		url = url[2:]
	}
	if url == "" {
		return false
	}
	url, _, _ = strings.Cut(url, "/")
	if url == "" && !o.requireHost {
		return true
	}
	split := strings.Split(url, "@")
	if len(split) > 1 {
		if o.disallowAuth || split[0] == "" {
			return false
		}
		auth := split[0]
		split = split[1:]
		if strings.Count(auth, ":") > 1 {
			return false
		}
		user, pass, hasColon := strings.Cut(auth, ":")
		if user == "" && hasColon && pass == "" {
			return false
		}
	}
	hostname := strings.Join(split, "@")
	var host, ipv6, portStr string
	hasPort := false
	if m := wrappedIPv6.compiled().FindStringSubmatch(hostname); m != nil {
		ipv6 = m[1]
		portStr, hasPort = m[2], m[2] != ""
	} else {
		host, portStr, hasPort = strings.Cut(hostname, ":")
	}
	if hasPort && portStr != "" {
		if !urlPortDigits.MatchString(portStr) {
			return false
		}
		p := jsParseInt(portStr, 10)
		if p <= 0 || p > 65535 {
			return false
		}
	} else if o.requirePort {
		return false
	}
	if o.whitelist.set {
		return o.whitelist.has(host)
	}
	if host == "" && !o.requireHost {
		return true
	}
	if !isIPVersion(host, "") && !isFQDN(host, o.fqdn) && (ipv6 == "" || !ipv6RE.MatchString(ipv6)) {
		return false
	}
	if host == "" {
		host = ipv6
	}
	if o.blacklist.set && o.blacklist.has(host) {
		return false
	}
	return true
}

var emailKeys = []string{"allow_display_name", "require_display_name", "allow_utf8_local_part", "require_tld",
	"allow_ip_domain", "allow_underscores", "domain_specific_validation", "blacklisted_chars", "ignore_max_length",
	"host_blacklist", "host_whitelist"}

type emailOptions struct {
	allowDisplayName, requireDisplayName, utf8Local, allowIPDomain, domainSpecific, ignoreMaxLength bool
	fqdn                                                                                            fqdnOptions
	blacklistedChars                                                                                *regexp.Regexp
	hostBlacklist, hostWhitelist                                                                    hostList
}

func readEmailOptions(a args, i int) (emailOptions, error) {
	o, err := a.opts(i, emailKeys...)
	if err != nil {
		return emailOptions{}, err
	}
	e := emailOptions{
		allowDisplayName:   o.flag("allow_display_name", false),
		requireDisplayName: o.flag("require_display_name", false),
		utf8Local:          o.flag("allow_utf8_local_part", true),
		allowIPDomain:      o.flag("allow_ip_domain", false),
		domainSpecific:     o.flag("domain_specific_validation", false),
		ignoreMaxLength:    o.flag("ignore_max_length", false),
		fqdn: fqdnOptions{requireTLD: o.flag("require_tld", true), allowUnderscores: o.flag("allow_underscores", false),
			ignoreMaxLength: o.flag("ignore_max_length", false)},
	}
	if chars := o.str("blacklisted_chars", ""); chars != "" {
		rx, _, err := compileJSRegExp("["+chars+"]+", "")
		if err != nil {
			return e, err
		}
		e.blacklistedChars = rx
	}
	if e.hostBlacklist, err = readHostList(o, "host_blacklist"); err != nil {
		return e, err
	}
	if e.hostWhitelist, err = readHostList(o, "host_whitelist"); err != nil {
		return e, err
	}
	return e, nil
}

func compileIsEmail(a args, i int) (Func, error) {
	e, err := readEmailOptions(a, i)
	if err != nil {
		return nil, err
	}
	return e.valid, nil
}

var (
	splitNameAddress = re(`(?i)^([^\x00-\x1F\x7F-\x9F]+)<`)
	gmailUserPart    = re(`^[a-z\d]+$`)
	quotedUser       = re(`(?i)^([` + jsSpace + `\x01-\x08\x0b\x0c\x0e-\x1f\x7f\x21\x23-\x5b\x5d-\x7e]|(\\[\x01-\x09\x0b\x0c\x0d-\x7f]))*$`)
	quotedUserUTF8   = re(`(?i)^([` + jsSpace + `\x01-\x08\x0b\x0c\x0e-\x1f\x7f\x21\x23-\x5b\x5d-\x7e\x{00A0}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}]|(\\[\x01-\x09\x0b\x0c\x0d-\x7f\x{00A0}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}]))*$`)
	quotedDisplay    = re(`^"(.+)"$`)
	displayIllegal   = re(`[\.";<>]`)
)

func validDisplayName(name string) bool {
	unquoted := name
	if m := quotedDisplay.compiled().FindStringSubmatch(name); m != nil {
		unquoted = m[1]
	}
	if jsTrim(unquoted) == "" {
		return false
	}
	if displayIllegal.MatchString(unquoted) {
		if unquoted == name {
			return false
		}
		// every quote inside must be escaped
		if strings.Count(unquoted, `"`) != strings.Count(unquoted, `\"`) {
			return false
		}
	}
	return true
}

// valid is validator.js 13.15.35's isEmail.
func (o emailOptions) valid(s string) bool {
	if o.requireDisplayName || o.allowDisplayName {
		if m := splitNameAddress.compiled().FindStringSubmatch(s); m != nil {
			name := m[1]
			s = strings.Replace(s, name, "", 1)
			s = strings.TrimPrefix(s, "<")
			s = strings.TrimSuffix(s, ">")
			name = strings.TrimSuffix(name, " ")
			if !validDisplayName(name) {
				return false
			}
		} else if o.requireDisplayName {
			return false
		}
	}
	if !o.ignoreMaxLength && utf16Len(s) > 254 {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return false // the whole string is the "domain" and the user is empty: no user part matches
	}
	user, domain := s[:at], s[at+1:]
	lower := strings.ToLower(domain)
	if !o.hostBlacklist.empty() && o.hostBlacklist.has(lower) {
		return false
	}
	if !o.hostWhitelist.empty() && !o.hostWhitelist.has(lower) {
		return false
	}
	if o.domainSpecific && (lower == "gmail.com" || lower == "googlemail.com") {
		name, _, _ := strings.Cut(strings.ToLower(user), "+")
		n := len(strings.ReplaceAll(name, ".", ""))
		if n < 6 || n > 30 {
			return false
		}
		for _, p := range strings.Split(name, ".") {
			if !gmailUserPart.MatchString(p) {
				return false
			}
		}
	}
	if !o.ignoreMaxLength && (len(user) > 64 || len(domain) > 254) {
		return false
	}
	if !isFQDN(domain, o.fqdn) {
		if !o.allowIPDomain {
			return false
		}
		if !isIPVersion(domain, "") {
			if !strings.HasPrefix(domain, "[") || !strings.HasSuffix(domain, "]") || len(domain) < 2 {
				return false
			}
			inner := domain[1 : len(domain)-1]
			if inner == "" || !isIPVersion(inner, "") {
				return false
			}
		}
	}
	if o.blacklistedChars != nil && o.blacklistedChars.MatchString(user) {
		return false
	}
	if len(user) >= 2 && user[0] == '"' && user[len(user)-1] == '"' || user == `"` {
		inner := ""
		if len(user) >= 2 {
			inner = user[1 : len(user)-1]
		}
		if o.utf8Local {
			return quotedUserUTF8.MatchString(inner)
		}
		return quotedUser.MatchString(inner)
	}
	for p := range strings.SplitSeq(user, ".") {
		if !isEmailUserPart(p, o.utf8Local) {
			return false
		}
	}
	return true
}

// emailUserSymbols are the non-alphanumeric characters of an unquoted local
// part.
const emailUserSymbols = "!#$%&'*+-/=?^_`{|}~"

// isEmailUserPart is validator.js's emailUserPart
// /^[a-z\d!#\$%&'\*\+\-\/=\?\^_`{\|}~]+$/i, or with utf8Local its
// emailUserUtf8Part, which adds \u00A1-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF: a
// loop instead of a regexp (it runs for every e-mail address). As in
// JavaScript (/i without /u), only ASCII letters fold.
func isEmailUserPart(p string, utf8Local bool) bool {
	if p == "" {
		return false
	}
	for _, r := range p {
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if !(c|0x20 >= 'a' && c|0x20 <= 'z') && !(c >= '0' && c <= '9') && strings.IndexByte(emailUserSymbols, c) < 0 {
				return false
			}
		case !utf8Local:
			return false
		case r >= 0xA1 && r <= 0xD7FF, r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFEF:
		default:
			return false
		}
	}
	return true
}

var (
	mac48      = re(`^[0-9a-fA-F]{2}([-:` + jsSpace + `])`)
	mac48NoSep = re(`^([0-9a-fA-F]){12}$`)
	mac48Dots  = re(`^([0-9a-fA-F]{4}\.){2}([0-9a-fA-F]{4})$`)
	mac64NoSep = re(`^([0-9a-fA-F]){16}$`)
	mac64Dots  = re(`^([0-9a-fA-F]{4}\.){3}([0-9a-fA-F]{4})$`)
)

// macWithSeparator is /^(?:[0-9a-fA-F]{2}([-:\s]))([0-9a-fA-F]{2}\1){n-2}([0-9a-fA-F]{2})$/
// without the back-reference: the separator found after the first octet must
// repeat between every octet.
func macWithSeparator(s string, octets int) bool {
	m := mac48.compiled().FindStringSubmatch(s)
	if m == nil {
		return false
	}
	sep := m[1]
	parts := strings.Split(s, sep)
	if len(parts) != octets {
		return false
	}
	for _, p := range parts {
		if len(p) != 2 || !isHexByte(p) {
			return false
		}
	}
	return true
}

func isHexByte(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func compileIsMAC(a args) (Func, error) {
	o, err := a.opts(0, "no_colons", "no_separators", "eui")
	if err != nil {
		return nil, err
	}
	eui := ""
	if v, ok := o.get("eui"); ok && truthy(v) {
		eui = ToString(v)
	}
	noSep := o.flag("no_colons", false) || o.flag("no_separators", false)
	is48 := func(s string) bool {
		if noSep {
			return mac48NoSep.MatchString(s)
		}
		return macWithSeparator(s, 6) || mac48Dots.MatchString(s)
	}
	is64 := func(s string) bool {
		if noSep {
			return mac64NoSep.MatchString(s)
		}
		return macWithSeparator(s, 8) || mac64Dots.MatchString(s)
	}
	switch eui {
	case "48":
		return is48, nil
	case "64":
		return is64, nil
	}
	return func(s string) bool { return is48(s) || is64(s) }, nil
}

func compileMailto(a args) (Func, error) {
	e, err := readEmailOptions(a, 0)
	if err != nil {
		return nil, err
	}
	return func(s string) bool {
		if !strings.HasPrefix(s, "mailto:") {
			return false
		}
		rest := strings.Replace(s, "mailto:", "", 1)
		parts := strings.Split(rest, "?")
		to, query := parts[0], ""
		if len(parts) > 1 {
			query = parts[1]
		}
		if to == "" && query == "" {
			return true
		}
		allowed := map[string]bool{"subject": true, "body": true, "cc": true, "bcc": true}
		cc, bcc := "", ""
		params := strings.Split(query, "&")
		if len(params) > 4 {
			return false
		}
		for _, q := range params {
			kv := strings.Split(q, "=")
			key, val := kv[0], ""
			if len(kv) > 1 {
				val = kv[1]
			}
			if key != "" && !allowed[key] {
				return false
			}
			if val != "" && key == "cc" {
				cc = val
			}
			if val != "" && key == "bcc" {
				bcc = val
			}
			if key != "" {
				delete(allowed, key)
			}
		}
		for _, addr := range strings.Split(to+","+cc+","+bcc, ",") {
			addr = strings.Trim(addr, " ")
			if addr != "" && !e.valid(addr) {
				return false
			}
		}
		return true
	}, nil
}
