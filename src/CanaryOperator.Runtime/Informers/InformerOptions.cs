namespace CanaryOperator.Runtime.Informers;

public sealed class InformerOptions<T>
{
    /// <summary>Shown in logs and metrics; defaults to the object type's name.</summary>
    public string? Name { get; init; }

    /// <summary>Objects per LIST page (limit/continue), so a large collection is not one huge response.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Watches ask the server to close after a random time between these two, so that watches of many informers do
    /// not expire together and a silently dead connection is replaced at the latest then.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// When set, every cached object is re-delivered as an update (old == new) this often, so level-based
    /// controllers re-reconcile everything periodically (controller-runtime defaults to 10 h). Null: never.
    /// </summary>
    public TimeSpan? ResyncPeriod { get; init; }

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Applied to every object before it is cached (e.g. <see cref="ObjectTransforms.StripBulkyMetadata{T}"/>).</summary>
    public Func<T, T>? Transform { get; init; }

    /// <summary>Source of randomness in [0, 1) for jitter and watch timeouts; injectable for tests.</summary>
    public Func<double>? Random { get; init; }

    public TimeProvider? TimeProvider { get; init; }
}
