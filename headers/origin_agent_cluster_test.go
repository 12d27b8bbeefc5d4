package headers

import "testing"

func TestOriginAgentCluster(t *testing.T) {
	testFixedHeader(t, fixedHeader{"originAgentCluster", "", "Origin-Agent-Cluster", "?1"})
}
