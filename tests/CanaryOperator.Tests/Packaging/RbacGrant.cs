namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// One (namespace, group, resource, verb) a ServiceAccount may use; <see cref="AllNamespaces"/> for grants
/// from a ClusterRoleBinding.
/// </summary>
internal sealed record RbacGrant(string Namespace, string Group, string Resource, string Verb)
{
    public const string AllNamespaces = "*";

    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource} in {(Namespace == AllNamespaces ? "all namespaces" : Namespace)}";
}
