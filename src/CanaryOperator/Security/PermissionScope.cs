namespace CanaryOperator.Security;

/// <summary>Where a permission must be granted.</summary>
public enum PermissionScope
{
    /// <summary>
    /// Wherever Rollouts are watched: a ClusterRole for the whole cluster, or one Role per watched namespace
    /// when the chart is installed with <c>scope: namespace</c>.
    /// </summary>
    Cluster,

    /// <summary>Only in the namespace the operator itself runs in (<c>POD_NAMESPACE</c>).</summary>
    OperatorNamespace,
}
