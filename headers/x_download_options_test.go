package headers

import "testing"

func TestXDownloadOptions(t *testing.T) {
	testFixedHeader(t, fixedHeader{"xDownloadOptions", "ieNoOpen", "X-Download-Options", "noopen"})
}
