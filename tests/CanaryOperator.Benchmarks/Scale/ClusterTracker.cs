using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// Runs inside the emulator process and follows the store's change feed, so that the driver can ask "how many
/// Rollouts are settled" in O(1) over stdin instead of listing every Rollout through the API (at N = 1,000 the
/// 50 ms list polls kept the emulator at ~75 % CPU and slowed the settle run tenfold). It also stamps, for the
/// reaction figure, the moment each Deployment changed, each canary ReplicaSet was stored and each VirtualService
/// was first changed after <see cref="Arm"/>: these are the instants the emulator committed the writes, the same
/// instants its audit log records (to within the response serialisation).
/// </summary>
internal sealed class ClusterTracker
{
    private const string Rollouts = "rollouts.argoproj.io";
    private const string ReplicaSets = "replicasets.apps";
    private const string Deployments = "deployments.apps";
    private const string VirtualServices = "virtualservices.networking.istio.io";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RolloutState> _rollouts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _replicaSetReplicas = new(StringComparer.Ordinal);
    private readonly HashSet<string> _promoteHandedOut = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deploymentChanged = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _canaryCreated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _virtualServiceChanged = new(StringComparer.Ordinal);
    private bool _armed;

    public void OnChanged(StoredEvent e)
    {
        var meta = e.Object["metadata"];
        var key = $"{(string?)meta?["namespace"]}/{(string?)meta?["name"]}";
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            switch (e.StorageKey)
            {
                case Rollouts:
                    OnRollout(key, e);
                    break;
                case ReplicaSets:
                    OnReplicaSet(key, e, now);
                    break;
                case Deployments when _armed && e.Type == "MODIFIED":
                    _deploymentChanged.TryAdd(key, now);
                    break;
                case VirtualServices when _armed && e.Type == "MODIFIED" && !JsonNode.DeepEquals(e.Object["spec"], e.OldObject?["spec"]):
                    _virtualServiceChanged.TryAdd(key, now);
                    break;
            }
        }
    }

    /// <summary>
    /// One line: Rollouts seen, settled ones whose stable ReplicaSet has had at least <paramref name="revisions"/>
    /// distinct hashes, paused ones, ReplicaSets, and ReplicaSets with spec.replicas above 0.
    /// </summary>
    public string State(int revisions)
    {
        lock (_gate)
        {
            var settled = _rollouts.Values.Count(r => r.Settled && r.StableHashes.Count >= revisions);
            var paused = _rollouts.Values.Count(r => r.Paused);
            var active = _replicaSetReplicas.Values.Count(v => v > 0);
            return string.Create(CultureInfo.InvariantCulture, $"rollouts {_rollouts.Count} settled {settled} paused {paused} replicasets {_replicaSetReplicas.Count} active {active}");
        }
    }

    /// <summary>Rollouts with a canary in progress and no promoteFull yet, each handed out once per rollout.</summary>
    public List<string> ToPromote()
    {
        lock (_gate)
        {
            var keys = _rollouts.Where(kv => kv.Value.CanaryInProgress && !kv.Value.PromoteFull && _promoteHandedOut.Add(kv.Key)).Select(kv => kv.Key).ToList();
            return keys;
        }
    }

    /// <summary>Starts a reaction measurement: forgets earlier stamps and records from now on.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            _deploymentChanged.Clear();
            _canaryCreated.Clear();
            _virtualServiceChanged.Clear();
            _armed = true;
        }
    }

    /// <summary>Per changed Deployment: <c>ns/name msToCanaryReplicaSet msToVirtualServicePatch</c> (-1 while missing).</summary>
    public List<string> Reactions()
    {
        lock (_gate)
        {
            return [.. _deploymentChanged.Select(kv => string.Create(CultureInfo.InvariantCulture,
                $"{kv.Key} {Since(kv.Value, _canaryCreated, kv.Key)} {Since(kv.Value, _virtualServiceChanged, kv.Key)}"))];
        }

        // The benchmark's Rollout, Deployment and VirtualService share their name, so one key finds all three.
        static string Since(long from, Dictionary<string, long> stamps, string key) =>
            stamps.TryGetValue(key, out var at)
                ? Stopwatch.GetElapsedTime(from, at).TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture)
                : "-1";
    }

    private void OnRollout(string key, StoredEvent e)
    {
        if (e.Type == "DELETED")
        {
            _rollouts.Remove(key);
            _promoteHandedOut.Remove(key);
            return;
        }

        if (!_rollouts.TryGetValue(key, out var state))
        {
            _rollouts[key] = state = new RolloutState();
        }

        var status = e.Object["status"];
        var stable = (string?)status?["stableRS"] ?? string.Empty;
        var current = (string?)status?["currentPodHash"] ?? string.Empty;
        if (stable.Length > 0)
        {
            state.StableHashes.Add(stable);
        }

        state.PromoteFull = status?["promoteFull"] is JsonValue v && v.TryGetValue<bool>(out var full) && full;
        state.Settled = stable.Length > 0 && stable == current && (string?)status?["phase"] == "Healthy" && !state.PromoteFull;
        state.CanaryInProgress = stable.Length > 0 && current.Length > 0 && stable != current;
        state.Paused = status?["pauseConditions"] is JsonArray { Count: > 0 };
        if (state.Settled)
        {
            _promoteHandedOut.Remove(key);
        }
    }

    private void OnReplicaSet(string key, StoredEvent e, long now)
    {
        if (e.Type == "DELETED")
        {
            _replicaSetReplicas.Remove(key);
            return;
        }

        _replicaSetReplicas[key] = (long?)e.Object["spec"]?["replicas"] ?? 1;
        if (_armed && e.Type == "ADDED" && e.Object["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 } owners)
        {
            _canaryCreated.TryAdd($"{(string?)e.Object["metadata"]?["namespace"]}/{(string?)owners[0]?["name"]}", now);
        }
    }

    private sealed class RolloutState
    {
        public HashSet<string> StableHashes { get; } = new(StringComparer.Ordinal);

        public bool Settled { get; set; }

        public bool PromoteFull { get; set; }

        public bool CanaryInProgress { get; set; }

        public bool Paused { get; set; }
    }
}
