namespace CanaryOperator.Security;

/// <summary>
/// One row of the operator's least-privilege table: the verbs the operator uses on one resource.
/// </summary>
/// <param name="Group">The API group; <c>""</c> for the core group.</param>
/// <param name="Resource">
/// The plural resource as RBAC names it, with a subresource after a slash (<c>rollouts/status</c>).
/// </param>
/// <param name="Verbs">The RBAC verbs the adapters and runtime call, lower case.</param>
/// <param name="Reason">Why the operator needs them (the chart's README repeats it per rule).</param>
/// <param name="Scope">Where the grant must exist.</param>
public sealed record ApiPermission(
    string Group,
    string Resource,
    IReadOnlyList<string> Verbs,
    string Reason,
    PermissionScope Scope)
{
    /// <summary>The resource without its subresource (<c>rollouts</c> for <c>rollouts/status</c>).</summary>
    public string BaseResource => Resource.Split('/')[0];

    /// <summary>The subresource, or null for the resource itself.</summary>
    public string? Subresource => Resource.Contains('/', StringComparison.Ordinal) ? Resource.Split('/', 2)[1] : null;
}
