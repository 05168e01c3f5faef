using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Simulation;

/// <summary>
/// The horizontal-pod-autoscaler loop: every sync period (on the emulator clock) each HPA reads its target's scale
/// (through the target kind's scale paths), takes the metric from the load model tests control, computes
/// <c>desired = ceil(current × metric / target)</c> with a 10 % tolerance and min/max bounds, writes the target's
/// replicas (the scale subresource's spec path) and the HPA status.
/// </summary>
public sealed class HpaSimulator : IDisposable
{
    private const string HpaKey = "horizontalpodautoscalers.autoscaling";

    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly EmulatorOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _load = new(StringComparer.Ordinal);
    private readonly ITimer _timer;

    internal HpaSimulator(ObjectStore store, ResourceRegistry registry, EmulatorOptions options)
    {
        _store = store;
        _registry = registry;
        _options = options;
        _timer = options.Clock.CreateTimer(_ => Tick(), null, options.HpaSyncPeriod, options.HpaSyncPeriod);
    }

    public bool Enabled { get; set; } = true;

    /// <summary>The tolerance below which no scaling happens (kube default 0.1).</summary>
    public double Tolerance { get; set; } = 0.1;

    /// <summary>
    /// Sets the observed metric for a scale target (<paramref name="kind"/>/<paramref name="name"/> in a namespace), e.g. the
    /// average CPU utilization in percent of requests. HPAs pointing at it use this value; unset targets are not scaled.
    /// </summary>
    public void SetMetric(string? ns, string kind, string name, double value)
    {
        lock (_gate)
        {
            _load[Key(ns, kind, name)] = value;
        }
    }

    public void ClearMetric(string? ns, string kind, string name)
    {
        lock (_gate)
        {
            _load.Remove(Key(ns, kind, name));
        }
    }

    /// <summary>The replica count the HPA formula gives.</summary>
    public static int Desired(int current, double metric, double target, int min, int max, double tolerance = 0.1)
    {
        if (current == 0)
        {
            return 0;
        }

        var ratio = metric / target;
        var desired = Math.Abs(ratio - 1.0) <= tolerance ? current : (int)Math.Ceiling(current * ratio);
        return Math.Clamp(desired, min, Math.Max(min, max));
    }

    /// <summary>Runs one sync of every HPA now (also runs on the sync period).</summary>
    public void SyncNow() => Tick(force: true);

    public void Dispose() => _timer.Dispose();

    private void Tick(bool force = false)
    {
        if (!Enabled && !force)
        {
            return;
        }

        foreach (var hpa in _store.List(HpaKey, null).Items)
        {
            try
            {
                Sync(hpa);
            }
            catch (Exception)
            {
                // target missing or written concurrently: the next sync tries again
            }
        }
    }

    private void Sync(JsonObject hpa)
    {
        var ns = Obj.Namespace(hpa);
        var spec = hpa["spec"] as JsonObject ?? new JsonObject();
        var targetRef = spec["scaleTargetRef"] as JsonObject ?? new JsonObject();
        var kind = Obj.Str(targetRef["kind"]) ?? string.Empty;
        var name = Obj.Str(targetRef["name"]) ?? string.Empty;
        var apiVersion = Obj.Str(targetRef["apiVersion"]) ?? string.Empty;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        var type = _registry.FindKind(group, kind, version);
        if (type?.Scale is null)
        {
            return;
        }

        double metric;
        lock (_gate)
        {
            if (!_load.TryGetValue(Key(ns, kind, name), out metric))
            {
                return;
            }
        }

        var target = TargetUtilization(spec);
        if (target <= 0)
        {
            return;
        }

        var obj = _store.Get(type.StorageKey, ns, name);
        if (obj is null)
        {
            return;
        }

        var current = (int)(Obj.Long(Obj.GetPath(obj, type.Scale.SpecReplicasPath)) ?? 0);
        var min = (int)(Obj.Long(spec["minReplicas"]) ?? 1);
        var max = (int)(Obj.Long(spec["maxReplicas"]) ?? min);
        var desired = Desired(current, metric, target, min, max, Tolerance);
        var now = Obj.Now(_options.Clock);
        if (desired != current)
        {
            _store.Update(type.StorageKey, ns, name, o =>
            {
                Obj.SetPath(o, type.Scale.SpecReplicasPath, desired);
                if (!Obj.SameSpecPart(o, obj))
                {
                    Obj.Metadata(o)["generation"] = Obj.Generation(obj) + 1;
                }

                return o;
            });
        }

        _store.Update(HpaKey, ns, Obj.Name(hpa)!, h =>
        {
            var status = h["status"] as JsonObject ?? new JsonObject();
            status["observedGeneration"] = Obj.Generation(h);
            status["currentReplicas"] = current;
            status["desiredReplicas"] = desired;
            if (desired != current)
            {
                status["lastScaleTime"] = now;
            }

            status["currentMetrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["current"] = new JsonObject { ["averageUtilization"] = (int)Math.Round(metric) },
                },
            });
            h["status"] = status;
            return h;
        });
    }

    // autoscaling/v2 metrics[].resource.target.averageUtilization, or v1 targetCPUUtilizationPercentage (default 80).
    private static double TargetUtilization(JsonObject spec)
    {
        foreach (var m in (spec["metrics"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var t = m["resource"]?["target"] ?? m["pods"]?["target"] ?? m["object"]?["target"] ?? m["external"]?["target"];
            if (Obj.Double(t?["averageUtilization"]) is { } u)
            {
                return u;
            }

            if (Obj.Str(t?["averageValue"]) is { } av && double.TryParse(av.TrimEnd('m'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }

            if (Obj.Double(t?["averageValue"] ?? t?["value"]) is { } value)
            {
                return value;
            }
        }

        return Obj.Double(spec["targetCPUUtilizationPercentage"]) ?? 80;
    }

    private static string Key(string? ns, string kind, string name) => $"{ns}/{kind}/{name}";
}
