package headers

import "testing"

func TestXXssProtection(t *testing.T) {
	testFixedHeader(t, fixedHeader{"xXssProtection", "xssFilter", "X-XSS-Protection", "0"})
}
