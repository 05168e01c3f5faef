namespace CanaryOperator.Runtime.Informers;

/// <summary>One page of a paged LIST: the items, the token for the next page (null on the last) and the list's
/// resourceVersion, from which the informer starts its watch.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? ContinueToken, string? ResourceVersion);
