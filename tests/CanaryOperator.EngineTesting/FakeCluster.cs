using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.EngineTesting;

/// <summary>
/// A tiny in-memory cluster for replaying lifecycles pass by pass: it builds the snapshot, runs the planner,
/// applies the plan's actions (VirtualService/DestinationRule JSON patches included), replaces the status (unless
/// the plan ended with an error), then lets "the kubelet" bring every ReplicaSet's pods up (unless held unready)
/// and advances the clock by one second.
/// </summary>
public sealed class FakeCluster
{
    private readonly Dictionary<string, ReplicaSetState> replicaSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode> virtualServices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceState> services = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, PodState> pods = new(StringComparer.Ordinal);
    private int created;

    public FakeCluster(Rollout rollout, DateTimeOffset now)
    {
        Rollout = rollout;
        Now = now;
    }

    public Rollout Rollout { get; private set; }

    public DateTimeOffset Now { get; set; }

    public JsonNode? DestinationRule { get; set; }

    public DeploymentState? Deployment { get; set; }

    /// <summary>Hashes whose NEW pods do not become available (existing available pods stay).</summary>
    public HashSet<string> Unready { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ReplicaSetState> ReplicaSets => replicaSets.Values;

    /// <summary>The pods "the kubelet" runs: <c>SpecReplicas</c> per ReplicaSet, labelled from its template when created.</summary>
    public IReadOnlyCollection<PodState> Pods => pods.Values;

    /// <summary>How many passes were planned with the pods listed (the operator lists them only when a pass needs them).</summary>
    public int PodListings { get; private set; }

    public List<Plan> History { get; } = [];

    public void AddVirtualService(JsonNode vs)
    {
        var meta = vs["metadata"]!;
        virtualServices[ClusterSnapshot.Key((string)meta["namespace"]!, (string)meta["name"]!)] = vs;
    }

    public JsonNode VirtualService(string name) => virtualServices[ClusterSnapshot.Key("default", name)];

    public void AddService(ServiceState service) => services[service.Name] = service;

    public ServiceState Service(string name) => services[name];

    public void AddReplicaSet(ReplicaSetState rs) => replicaSets[rs.Name] = rs;

    public ReplicaSetState? ReplicaSetByHash(string? hash) => replicaSets.Values.FirstOrDefault(r => r.PodTemplateHash == hash);

    public ReplicaSetState ReplicaSetByRevision(long revision) => replicaSets.Values.Single(r => r.Revision == revision);

    public ClusterSnapshot Snapshot()
    {
        var snapshot = new ClusterSnapshot
        {
            Rollout = Rollout,
            Now = Now,
            ReplicaSets = [.. replicaSets.Values],
            VirtualServices = virtualServices.ToDictionary(kv => kv.Key, kv => ApiJson.Deserialize<VirtualService>(kv.Value)),
            DestinationRule = DestinationRule is null ? null : ApiJson.Deserialize<DestinationRule>(DestinationRule),
            Services = new Dictionary<string, ServiceState>(services),
            ReferencedDeployment = Deployment,
        };
        return PodObservation.Needed(snapshot) ? snapshot with { Pods = [.. pods.Values] } : snapshot;
    }

    /// <summary>One reconcile: plan, execute, persist status, kubelet, clock +1 s.</summary>
    public Plan Pass()
    {
        var snapshot = Snapshot();
        PodListings += snapshot.Pods is null ? 0 : 1;
        var plan = CanaryPlanner.Plan(snapshot);
        History.Add(plan);
        Apply(plan);
        Kubelet();
        Now = Now.AddSeconds(1);
        return plan;
    }

    /// <summary>
    /// Passes until <paramref name="done"/> holds after a pass, for reaching a given state; a planner error or
    /// <paramref name="maxPasses"/> passes without reaching it throws (the state would not be one the planner reaches).
    /// </summary>
    public void RunUntil(Func<FakeCluster, bool> done, int maxPasses = 100)
    {
        for (var i = 0; i < maxPasses; i++)
        {
            if (Pass().Error is { } error)
            {
                throw new InvalidOperationException("planner error before the state was reached: " + error);
            }

            if (done(this))
            {
                return;
            }
        }

        throw new InvalidOperationException($"state not reached after {maxPasses} passes");
    }

    /// <summary>
    /// Reconcile until nothing changes; when the plan asks for a time-based wake-up, jump the clock there and go on.
    /// Stops at <paramref name="until"/> (checked after each pass) or when quiet with no requeue.
    /// </summary>
    public void Run(Func<FakeCluster, bool>? until = null, int maxPasses = 200)
    {
        for (var i = 0; i < maxPasses; i++)
        {
            var before = ApiJson.Serialize(Rollout.Status ?? new RolloutStatus());
            var plan = Pass();
            if (until?.Invoke(this) == true)
            {
                return;
            }

            var quiet = plan.Actions.Count == 0 && plan.Error is null && plan.Waiting is null && ApiJson.Serialize(plan.Status) == before;
            if (quiet)
            {
                if (plan.RequeueAfter is not { } after)
                {
                    return;
                }

                Now = Now.Add(after);
            }
        }

        throw new InvalidOperationException($"no steady state after {maxPasses} passes");
    }

    public void Apply(Plan plan)
    {
        foreach (var action in plan.Actions)
        {
            ApplyAction(action);
        }

        if (plan.Error is null && plan.Waiting is null)
        {
            Rollout = Rollout with { Status = plan.Status };
        }
    }

    public void UpdateRollout(Func<Rollout, Rollout> change, bool specChange = true)
    {
        Rollout = change(Rollout);
        if (specChange)
        {
            Rollout.Metadata.Generation = (Rollout.Metadata.Generation ?? 1) + 1;
        }
    }

    private void ApplyAction(PlanAction action)
    {
        switch (action)
        {
            case CreateReplicaSet c:
                var rs = c.ReplicaSet;
                created++;
                replicaSets[rs.Metadata.Name] = new ReplicaSetState
                {
                    Name = rs.Metadata.Name,
                    PodTemplateHash = rs.Metadata.Labels[RolloutLabels.PodTemplateHash],
                    SpecReplicas = rs.Spec.Replicas ?? 1,
                    Revision = long.Parse(rs.Metadata.Annotations[RolloutAnnotations.Revision], CultureInfo.InvariantCulture),
                    CreationTimestamp = Now.AddMilliseconds(created),
                    Annotations = new Dictionary<string, string>(rs.Metadata.Annotations),
                    Labels = new Dictionary<string, string>(rs.Metadata.Labels),
                    Template = rs.Spec.Template,
                };
                break;
            case ScaleReplicaSet s:
                var scaled = replicaSets[s.Name];
                var annotations = new Dictionary<string, string>(scaled.Annotations) { [RolloutAnnotations.DesiredReplicas] = s.DesiredReplicasAnnotation };
                if (s.RemoveScaleDownDeadline)
                {
                    annotations.Remove(RolloutAnnotations.ScaleDownDeadline);
                }

                replicaSets[s.Name] = scaled with { SpecReplicas = s.Replicas, Annotations = annotations };
                break;
            case SetReplicaSetAnnotation a:
                var annotated = replicaSets[a.Name];
                var changed = new Dictionary<string, string>(annotated.Annotations);
                if (a.Value is null)
                {
                    changed.Remove(a.Key);
                }
                else
                {
                    changed[a.Key] = a.Value;
                }

                replicaSets[a.Name] = annotated with
                {
                    Annotations = changed,
                    Revision = a.Key == RolloutAnnotations.Revision ? long.Parse(a.Value!, CultureInfo.InvariantCulture) : annotated.Revision,
                };
                break;
            case SetReplicaSetEphemeralMetadata m:
                var relabelled = replicaSets[m.Name];
                var template = ApiJson.Deserialize<k8s.Models.V1PodTemplateSpec>(ApiJson.Serialize(relabelled.Template!));
                template.Metadata ??= new k8s.Models.V1ObjectMeta();
                EphemeralMetadataSync.Apply(template.Metadata, m.Template);
                var recorded = new Dictionary<string, string>(relabelled.Annotations);
                if (m.Record is null)
                {
                    recorded.Remove(RolloutAnnotations.EphemeralMetadata);
                }
                else
                {
                    recorded[RolloutAnnotations.EphemeralMetadata] = m.Record;
                }

                replicaSets[m.Name] = relabelled with { Template = template, Annotations = recorded };
                break;
            case SetPodEphemeralMetadata p:
                var pod = pods[p.Name];
                var podMeta = new k8s.Models.V1ObjectMeta
                {
                    Labels = new Dictionary<string, string>(pod.Labels),
                    Annotations = new Dictionary<string, string>(pod.Annotations),
                };
                EphemeralMetadataSync.Apply(podMeta, p.Metadata);
                pods[p.Name] = pod with
                {
                    Labels = new Dictionary<string, string>(podMeta.Labels ?? new Dictionary<string, string>()),
                    Annotations = new Dictionary<string, string>(podMeta.Annotations ?? new Dictionary<string, string>()),
                };
                break;
            case DeleteReplicaSet d:
                replicaSets.Remove(d.Name);
                break;
            case UpdateVirtualService v:
                var key = ClusterSnapshot.Key(v.Namespace, v.Name);
                virtualServices[key] = JsonPatchText.Parse(v.JsonPatch).Apply(virtualServices[key]);
                break;
            case UpdateDestinationRule r:
                DestinationRule = JsonPatchText.Parse(r.JsonPatch).Apply(DestinationRule!);
                break;
            case ScaleDeployment sd:
                Deployment = Deployment! with { SpecReplicas = sd.Replicas };
                break;
            case SetServiceSelector sel:
                var svc = services[sel.Name];
                var selector = new Dictionary<string, string>(svc.Selector) { [RolloutLabels.PodTemplateHash] = sel.Hash };
                var svcAnnotations = new Dictionary<string, string>(svc.Annotations);
                if (sel.ManagedByAnnotation is not null)
                {
                    svcAnnotations[RolloutAnnotations.ManagedByRollouts] = sel.ManagedByAnnotation;
                }

                services[sel.Name] = svc with { Selector = selector, Annotations = svcAnnotations };
                break;
            case SetRolloutReplicas sr:
                Rollout = Rollout with { Spec = Rollout.Spec with { Replicas = sr.Replicas } };
                break;
            case SetRolloutRevisionAnnotation ra:
                Rollout.Metadata.Annotations ??= new Dictionary<string, string>();
                Rollout.Metadata.Annotations[RolloutAnnotations.Revision] = ra.Revision;
                break;
            default:
                throw new InvalidOperationException($"unknown action {action}");
        }
    }

    private static int PodIndex(PodState pod) => int.Parse(pod.Name[(pod.Name.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);

    private void Kubelet()
    {
        foreach (var gone in pods.Values.Where(p => !replicaSets.TryGetValue(p.ReplicaSetName, out var owner) || PodIndex(p) >= owner.SpecReplicas).ToList())
        {
            pods.Remove(gone.Name);
        }

        foreach (var rs in replicaSets.Values.ToList())
        {
            for (var i = 0; i < rs.SpecReplicas; i++)
            {
                var podName = $"{rs.Name}-{i.ToString(CultureInfo.InvariantCulture)}";
                if (!pods.ContainsKey(podName))
                {
                    pods[podName] = new PodState
                    {
                        Name = podName,
                        ReplicaSetName = rs.Name,
                        PodTemplateHash = rs.PodTemplateHash,
                        CreationTimestamp = Now,
                        Ready = true,
                        Labels = new Dictionary<string, string>(rs.Template?.Metadata?.Labels ?? new Dictionary<string, string>()),
                        Annotations = new Dictionary<string, string>(rs.Template?.Metadata?.Annotations ?? new Dictionary<string, string>()),
                    };
                }
            }

            var available = Unready.Contains(rs.PodTemplateHash) ? Math.Min(rs.AvailableReplicas, rs.SpecReplicas) : rs.SpecReplicas;
            replicaSets[rs.Name] = rs with
            {
                StatusReplicas = rs.SpecReplicas,
                ReadyReplicas = available,
                AvailableReplicas = available,
                ObservedGeneration = rs.Generation,
            };
        }
    }
}
