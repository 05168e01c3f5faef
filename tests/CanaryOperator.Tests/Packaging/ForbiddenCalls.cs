namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// Calls the operator must never be allowed, whatever the permission table says (issue 6): secrets and
/// configmaps at all; deleting Deployments, Services, VirtualServices or DestinationRules; creating
/// VirtualServices or DestinationRules; rollouts/scale (that is the HPA controller's, not ours); Leases
/// outside the operator's namespace.
/// </summary>
internal static class ForbiddenCalls
{
    public static IReadOnlyList<string> Violations(
        IReadOnlyList<(string Namespace, string Group, string Resource, string Verb)> grants, string operatorNamespace)
    {
        var violations = new List<string>();
        foreach (var (ns, group, resource, verb) in grants)
        {
            var what = $"{verb} {group}/{resource} in {ns}";
            var baseResource = resource.Split('/')[0];
            if (group.Length == 0 && baseResource is "secrets" or "configmaps")
            {
                violations.Add(what + ": no access to Secrets or ConfigMaps");
            }

            if (verb is "delete" or "deletecollection" &&
                (group, baseResource) is ("apps", "deployments") or ("", "services") or
                    ("networking.istio.io", "virtualservices") or ("networking.istio.io", "destinationrules"))
            {
                violations.Add(what + ": the operator never deletes Deployments, Services, VirtualServices or DestinationRules");
            }

            if (verb == "create" && group == "networking.istio.io" && baseResource is "virtualservices" or "destinationrules")
            {
                violations.Add(what + ": the operator never creates VirtualServices or DestinationRules");
            }

            if (group == "argoproj.io" && resource == "rollouts/scale")
            {
                violations.Add(what + ": rollouts/scale is for the HPA, not the operator");
            }

            if (group == "coordination.k8s.io" && baseResource == "leases" && ns != operatorNamespace)
            {
                violations.Add(what + ": Leases only in the operator's namespace " + operatorNamespace);
            }

            if (verb is "escalate" or "bind" or "impersonate" or "*")
            {
                violations.Add(what + ": privilege-changing verb");
            }
        }

        return violations;
    }
}
