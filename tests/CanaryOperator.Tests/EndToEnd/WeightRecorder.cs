using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// Watches every stored change of one VirtualService (in the emulator, so no write can slip by) and records the
/// canary weight of a route with the virtual time, and whether all routes still summed to 100.
/// </summary>
internal sealed class WeightRecorder : IDisposable
{
    private readonly Testbed _bed;
    private readonly string _ns;
    private readonly string _name;
    private readonly string? _route;
    private readonly string _canaryKey;
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset At, int Canary)> _changes = [];

    public WeightRecorder(Testbed bed, string ns, string name, string? route, string canaryKey)
    {
        _bed = bed;
        _ns = ns;
        _name = name;
        _route = route;
        _canaryKey = canaryKey;
        bed.Emulator.Store.Changed += OnChanged;
    }

    /// <summary>Set when any stored version of the VirtualService had a route not summing to 100.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>Canary weights in order, consecutive duplicates removed.</summary>
    public IReadOnlyList<int> Sequence
    {
        get
        {
            lock (_gate)
            {
                var result = new List<int>();
                foreach (var (_, w) in _changes)
                {
                    if (result.Count == 0 || result[^1] != w)
                    {
                        result.Add(w);
                    }
                }

                return result;
            }
        }
    }

    /// <summary>When the canary weight first became <paramref name="weight"/> (after <paramref name="after"/>).</summary>
    public DateTimeOffset? FirstAt(int weight, DateTimeOffset? after = null)
    {
        lock (_gate)
        {
            return _changes.Where(c => c.Canary == weight && (after is null || c.At >= after)).Select(c => (DateTimeOffset?)c.At).FirstOrDefault();
        }
    }

    public void Dispose() => _bed.Emulator.Store.Changed -= OnChanged;

    private void OnChanged(StoredEvent e)
    {
        if (e.StorageKey != "virtualservices.networking.istio.io" || e.Type == "DELETED"
            || e.Object["metadata"]?["namespace"]?.GetValue<string>() != _ns || e.Object["metadata"]?["name"]?.GetValue<string>() != _name)
        {
            return;
        }

        var copy = (JsonObject)e.Object.DeepClone();
        var weights = IstioState.HttpWeights(copy, _route);
        if (weights.Count == 0)
        {
            weights = IstioState.TlsWeights(copy);
        }

        lock (_gate)
        {
            if (!IstioState.AllRoutesSumTo100(copy))
            {
                Violations.Add(copy.ToJsonString());
            }

            _changes.Add((_bed.Clock.GetUtcNow(), weights.GetValueOrDefault(_canaryKey)));
        }
    }
}
