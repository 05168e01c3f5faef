namespace CanaryOperator.Runtime.Informers;

/// <summary>The type-independent face of an informer, for the host and health checks.</summary>
public interface IInformer
{
    string Name { get; }

    /// <summary>True once the first full LIST has been cached and its events delivered.</summary>
    bool HasSynced { get; }

    /// <summary>False when the informer has stopped running (crashed or cancelled).</summary>
    bool IsRunning { get; }

    Task RunAsync(CancellationToken cancellationToken);

    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
