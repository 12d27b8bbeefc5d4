package headers

// xPermittedCrossDomainPolicies: X-Permitted-Cross-Domain-Policies, default
// none; option permittedPolicies; legacy alias permittedCrossDomainPolicies.
var xPermittedCrossDomainPolicies = unit{
	option: "xPermittedCrossDomainPolicies", alias: "permittedCrossDomainPolicies",
	header: "X-Permitted-Cross-Domain-Policies", enabledByDefault: true,
	value: oneOf("X-Permitted-Cross-Domain-Policies", "permittedPolicies", "none",
		[]string{"none", "master-only", "by-content-type", "all"},
		func(got string) string { return "X-Permitted-Cross-Domain-Policies does not support " + got }),
}
