package headers

import "testing"

func TestXContentTypeOptions(t *testing.T) {
	testFixedHeader(t, fixedHeader{"xContentTypeOptions", "noSniff", "X-Content-Type-Options", "nosniff"})
}
