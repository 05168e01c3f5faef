using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Selection;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Simulation;

/// <summary>
/// The ReplicaSet controller of kube-controller-manager, simplified: keeps <c>spec.replicas</c> pods (owned by the
/// ReplicaSet, labels from the template), turns them Ready after a delay on the emulator clock (or never, or
/// crash-looping, per rule), and writes <c>status.replicas/readyReplicas/availableReplicas/observedGeneration</c>.
/// Writes go straight to the store (they are not HTTP requests and do not appear in the audit log).
/// </summary>
public sealed class ReplicaSetSimulator : IDisposable
{
    private const string RsKey = "replicasets.apps";
    private const string PodKey = "pods";

    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly EmulatorOptions _options;
    private readonly Lock _gate = new();
    private readonly List<PodRule> _rules = [];
    private readonly HashSet<string> _queue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ITimer> _timers = new(StringComparer.Ordinal);
    private bool _draining;
    private int _podCounter;

    internal ReplicaSetSimulator(ObjectStore store, ResourceRegistry registry, EmulatorOptions options)
    {
        _store = store;
        _registry = registry;
        _options = options;
        DefaultOutcome = PodOutcome.ReadyAfter(options.DefaultPodReadyDelay);
        _store.Changed += OnChanged;
    }

    /// <summary>
    /// Off (the default): work is drained on the thread of whichever change queued it, so when a client's ReplicaSet
    /// write returns, its pods and status are already in the store — the determinism the emulator tests and the
    /// virtual-clock drivers (tests' Testbed, <c>simulate</c>) rely on: they settle on the operator being idle and
    /// then advance the clock, so a pod created later would start its readiness delay later in virtual time.
    /// On: one background task drains it, so a burst of ReplicaSet writes does not hold one client request for
    /// seconds (the benchmark's emulator process at N = 1,000+, where only wall-clock figures are read).
    /// </summary>
    public bool DrainInBackground { get; set; }

    /// <summary>No ReplicaSet waits to be reconciled and no drain is running.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return !_draining && _queue.Count == 0;
            }
        }
    }

    /// <summary>Switches the controller on or off (off: ReplicaSets get no pods and no status).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The fate of pods no rule matches.</summary>
    public PodOutcome DefaultOutcome { get; set; }

    /// <summary>Pods of ReplicaSets matching the predicate (given the ReplicaSet) get this outcome. Newest rule wins.</summary>
    public PodRule AddRule(Func<JsonObject, bool> matchesReplicaSet, PodOutcome outcome)
    {
        var rule = new PodRule(matchesReplicaSet, outcome);
        lock (_gate)
        {
            _rules.Insert(0, rule);
        }

        return rule;
    }

    /// <summary>Pods whose template has a container image containing <paramref name="imageFragment"/> get this outcome.</summary>
    public PodRule ForImage(string imageFragment, PodOutcome outcome) =>
        AddRule(rs => (rs["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? [])
            .Any(c => (Obj.Str(c?["image"]) ?? string.Empty).Contains(imageFragment, StringComparison.Ordinal)), outcome);

    public void ClearRules()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Reconciles every ReplicaSet now.</summary>
    public void SyncAll()
    {
        foreach (var rs in _store.List(RsKey, null).Items)
        {
            Enqueue(ObjectStore.Key(Obj.Namespace(rs), Obj.Name(rs)!));
        }
    }

    public void Dispose()
    {
        _store.Changed -= OnChanged;
        lock (_gate)
        {
            foreach (var t in _timers.Values)
            {
                t.Dispose();
            }

            _timers.Clear();
        }
    }

    private void OnChanged(StoredEvent e)
    {
        if (!Enabled)
        {
            return;
        }

        if (e.StorageKey == RsKey && e.Type != "DELETED")
        {
            Enqueue(ObjectStore.Key(Obj.Namespace(e.Object), Obj.Name(e.Object)!));
        }
        else if (e.StorageKey == PodKey)
        {
            foreach (var owner in (e.Object["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Obj.Str(owner["kind"]) == "ReplicaSet" && Obj.Str(owner["name"]) is { } name)
                {
                    Enqueue(ObjectStore.Key(Obj.Namespace(e.Object), name));
                }
            }

            if (e.Type == "DELETED")
            {
                lock (_gate)
                {
                    if (_timers.Remove(Obj.Uid(e.Object) ?? string.Empty, out var t))
                    {
                        t.Dispose();
                    }
                }
            }
        }
    }

    // Changes raised while reconciling only queue work; one thread drains the queue at a time.
    private void Enqueue(string key)
    {
        lock (_gate)
        {
            _queue.Add(key);
            if (_draining)
            {
                return;
            }

            _draining = true;
        }

        if (DrainInBackground)
        {
            _ = Task.Run(Drain);
        }
        else
        {
            Drain();
        }
    }

    private void Drain()
    {
        while (true)
        {
            string next;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    return;
                }

                next = _queue.First();
                _queue.Remove(next);
            }

            try
            {
                Reconcile(next);
            }
            catch (Exception)
            {
                // a concurrent client write won; the change it made queues the ReplicaSet again
            }
        }
    }

    private void Reconcile(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var name = key[(slash + 1)..];
        // The ReplicaSet and its pods are the store's instances (shared, never changed once stored): only read here.
        var rs = _store.GetShared(RsKey, ns, name);
        if (rs is null || rs["metadata"]?["deletionTimestamp"] is not null && !Obj.Finalizers(rs).Contains("foregroundDeletion"))
        {
            return;
        }

        var uid = Obj.Uid(rs)!;
        var pods = _store.ListPageShared(PodKey, ns, null, null, null).Items
            .Where(p => Obj.OwnerUids(p).Contains(uid) && p["metadata"]?["deletionTimestamp"] is null)
            .ToList();
        var desired = rs["metadata"]?["deletionTimestamp"] is null ? (int)(Obj.Long(rs["spec"]?["replicas"]) ?? 1) : 0;
        var outcome = OutcomeFor(rs);
        for (var i = pods.Count; i < desired; i++)
        {
            pods.Add(CreatePod(rs, outcome));
        }

        if (pods.Count > desired)
        {
            var victims = pods.OrderBy(IsReady).ThenByDescending(p => Obj.Str(p["metadata"]?["creationTimestamp"]), StringComparer.Ordinal)
                .Take(pods.Count - desired).ToList();
            foreach (var v in victims)
            {
                try
                {
                    _store.Delete(PodKey, ns, Obj.Name(v)!, "Background");
                }
                catch (KeyNotFoundException)
                {
                    // already gone
                }

                pods.Remove(v);
            }
        }

        WriteStatus(rs, pods);
    }

    private void WriteStatus(JsonObject rs, List<JsonObject> pods)
    {
        var ready = pods.Count(IsReady);
        var selector = rs["spec"]?["selector"] as JsonObject;
        var labeled = selector is null ? pods.Count : pods.Count(p => LabelSelector.FromObject(selector).Matches(p));
        var status = rs["status"] as JsonObject ?? new JsonObject();
        var next = (JsonObject)status.DeepClone();
        next["replicas"] = pods.Count;
        next["fullyLabeledReplicas"] = labeled;
        next["readyReplicas"] = ready;
        next["availableReplicas"] = ready;
        next["observedGeneration"] = Obj.Generation(rs);
        if (JsonNode.DeepEquals(status, next))
        {
            return;
        }

        try
        {
            _store.UpdateShared(RsKey, Obj.Namespace(rs), Obj.Name(rs)!, stored =>
            {
                // may run again if a write came in between (see ObjectStore.UpdateShared): next is copied, not moved
                var current = (JsonObject)stored.DeepClone();
                current["status"] = next.DeepClone();
                return current;
            });
        }
        catch (KeyNotFoundException)
        {
            // deleted meanwhile
        }
    }

    private PodOutcome OutcomeFor(JsonObject rs)
    {
        lock (_gate)
        {
            return _rules.FirstOrDefault(r => r.Matches(rs))?.Outcome ?? DefaultOutcome;
        }
    }

    private JsonObject CreatePod(JsonObject rs, PodOutcome outcome)
    {
        var ns = Obj.Namespace(rs);
        var rsName = Obj.Name(rs)!;
        var template = rs["spec"]?["template"] as JsonObject ?? new JsonObject();
        var n = Interlocked.Increment(ref _podCounter);
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{rsName}-{Suffix(n)}",
                ["namespace"] = ns,
                ["labels"] = template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
                ["annotations"] = template["metadata"]?["annotations"]?.DeepClone() ?? new JsonObject(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "ReplicaSet",
                    ["name"] = rsName,
                    ["uid"] = Obj.Uid(rs),
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        var podType = _registry.Find("", "v1", "pods")!;
        var prepared = WriteRules.PrepareCreate(podType, pod, ns);
        prepared["spec"]!["nodeName"] = "emulator-node";
        prepared["status"] = new JsonObject { ["phase"] = "Pending", ["conditions"] = new JsonArray() };
        var created = _store.CreateShared(podType.StorageKey, prepared);
        Schedule(created, outcome);
        return _store.GetShared(PodKey, ns, Obj.Name(created)!) ?? created;
    }

    private void Schedule(JsonObject pod, PodOutcome outcome)
    {
        var ns = Obj.Namespace(pod);
        var name = Obj.Name(pod)!;
        if (outcome.Delay <= TimeSpan.Zero)
        {
            Transition(ns, name, outcome.Fate, 0);
            return;
        }

        var uid = Obj.Uid(pod)!;
        var restarts = 0;
        var timer = _options.Clock.CreateTimer(
            _ =>
            {
                Transition(ns, name, outcome.Fate, restarts++);
                if (outcome.Fate != PodFate.CrashLoop)
                {
                    lock (_gate)
                    {
                        if (_timers.Remove(uid, out var t))
                        {
                            t.Dispose();
                        }
                    }
                }
            },
            null,
            outcome.Delay,
            outcome.Fate == PodFate.CrashLoop ? outcome.Delay : Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            _timers[uid] = timer;
        }
    }

    private void Transition(string? ns, string name, PodFate fate, int restarts)
    {
        if (!Enabled)
        {
            return;
        }

        var now = Obj.Now(_options.Clock);
        try
        {
            _store.UpdateShared(PodKey, ns, name, stored =>
            {
                var pod = (JsonObject)stored.DeepClone();
                var ready = fate == PodFate.Ready;
                var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var statuses = new JsonArray();
                foreach (var c in containers)
                {
                    var state = fate == PodFate.CrashLoop
                        ? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off restarting failed container" } }
                        : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } };
                    statuses.Add(new JsonObject
                    {
                        ["name"] = c["name"]?.DeepClone(),
                        ["image"] = c["image"]?.DeepClone(),
                        ["ready"] = ready,
                        ["started"] = fate != PodFate.CrashLoop,
                        ["restartCount"] = fate == PodFate.CrashLoop ? restarts + 1 : 0,
                        ["state"] = state,
                    });
                }

                string Bool(bool b) => b ? "True" : "False";
                pod["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["podIP"] = "10.244.0." + ((Math.Abs(name.GetHashCode(StringComparison.Ordinal)) % 250) + 2).ToString(CultureInfo.InvariantCulture),
                    ["startTime"] = Obj.Str(pod["metadata"]?["creationTimestamp"]),
                    ["conditions"] = new JsonArray(
                        new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" },
                        new JsonObject { ["type"] = "Initialized", ["status"] = "True" },
                        new JsonObject { ["type"] = "ContainersReady", ["status"] = Bool(ready) },
                        new JsonObject { ["type"] = "Ready", ["status"] = Bool(ready), ["lastTransitionTime"] = now }),
                    ["containerStatuses"] = statuses,
                };
                return pod;
            });
        }
        catch (KeyNotFoundException)
        {
            // deleted meanwhile
        }
    }

    /// <summary>True when the pod's Ready condition is True.</summary>
    public static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => Obj.Str(c["type"]) == "Ready" && Obj.Str(c["status"]) == "True");

    // Distinct for the first 27^5 pods: n times a number coprime to 27^5, written in base 27.
    private static string Suffix(int n)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var x = n * 7919L % 14_348_907L;
        var chars = new char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(x % alphabet.Length)];
            x /= alphabet.Length;
        }

        return new string(chars);
    }
}
