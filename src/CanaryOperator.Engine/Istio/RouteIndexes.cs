namespace CanaryOperator.Engine.Istio;

/// <summary>Indexes of the routes of one VirtualService section to update, or why they cannot be chosen.</summary>
public sealed record RouteIndexes(IReadOnlyList<int> Indexes, string? Error = null)
{
    public static RouteIndexes Fail(string error) => new([], error);

    public bool Ok => Error is null;
}
