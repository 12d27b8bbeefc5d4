package headers

// originAgentCluster: Origin-Agent-Cluster: ?1 (no options).
var originAgentCluster = unit{
	option: "originAgentCluster", header: "Origin-Agent-Cluster", enabledByDefault: true,
	value: fixedValue("Origin-Agent-Cluster", "?1"),
}
