using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Benchmarks.Planner;

/// <summary>
/// Drives the planner pass by pass over in-memory objects so that the benchmark snapshots are states the planner
/// itself reached (not hand-written statuses that a real pass would immediately rewrite). Each pass applies the
/// plan's actions, persists the status and makes every ReplicaSet's pods available.
/// </summary>
internal sealed class InMemoryCluster(Rollout rollout, DeploymentState deployment, DateTimeOffset now)
{
    private readonly Dictionary<string, ReplicaSetState> _replicaSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode> _virtualServices = new(StringComparer.Ordinal);
    private int _created;

    public Rollout Rollout { get; private set; } = rollout;

    public DeploymentState Deployment { get; private set; } = deployment;

    public DateTimeOffset Now { get; private set; } = now;

    public JsonNode? DestinationRule { get; set; }

    public int ReplicaSetCount => _replicaSets.Count;

    public void AddVirtualService(JsonNode vs) =>
        _virtualServices[ClusterSnapshot.Key((string)vs["metadata"]!["namespace"]!, (string)vs["metadata"]!["name"]!)] = vs;

    public ClusterSnapshot Snapshot() => new()
    {
        Rollout = Rollout,
        Now = Now,
        ReplicaSets = [.. _replicaSets.Values],
        VirtualServices = _virtualServices.ToDictionary(kv => kv.Key, kv => ApiJson.Deserialize<VirtualService>(kv.Value)),
        DestinationRule = DestinationRule is null ? null : ApiJson.Deserialize<DestinationRule>(DestinationRule),
        ReferencedDeployment = Deployment,
    };

    /// <summary>Passes until <paramref name="done"/> holds after a pass; throws after <paramref name="maxPasses"/>.</summary>
    public void RunUntil(Func<InMemoryCluster, bool> done, int maxPasses = 100)
    {
        for (var i = 0; i < maxPasses; i++)
        {
            var plan = CanaryPlanner.Plan(Snapshot());
            if (plan.Error is not null)
            {
                throw new InvalidOperationException("planner error while preparing a benchmark snapshot: " + plan.Error);
            }

            foreach (var action in plan.Actions)
            {
                Apply(action);
            }

            Rollout = Rollout with { Status = plan.Status };
            MakePodsAvailable();
            Now = Now.AddSeconds(1);
            if (done(this))
            {
                return;
            }
        }

        throw new InvalidOperationException($"benchmark snapshot not reached after {maxPasses} passes");
    }

    /// <summary>A new pod template in the Deployment (a new image), as a user's `kubectl set image` would.</summary>
    public void SetImage(string image)
    {
        var template = ApiJson.Deserialize<k8s.Models.V1PodTemplateSpec>(ApiJson.Serialize(Deployment.Template!));
        template.Spec.Containers[0].Image = image;
        Deployment = Deployment with { Template = template, Generation = Deployment.Generation + 1 };
    }

    /// <summary>Replaces the Rollout (e.g. an HPA changing spec.replicas).</summary>
    public void ChangeRollout(Func<Rollout, Rollout> change) => Rollout = change(Rollout);

    /// <summary>Adds a scaled-down ReplicaSet of an older revision (history the planner must look at and keep).</summary>
    public void AddHistoricReplicaSet(string name, string hash, long revision) =>
        _replicaSets[name] = new ReplicaSetState
        {
            Name = name,
            PodTemplateHash = hash,
            Revision = revision,
            CreationTimestamp = Now.AddDays(-revision),
            Labels = new Dictionary<string, string> { [RolloutLabels.PodTemplateHash] = hash },
            Annotations = new Dictionary<string, string> { [RolloutAnnotations.Revision] = revision.ToString(CultureInfo.InvariantCulture) },
        };

    private void Apply(PlanAction action)
    {
        switch (action)
        {
            case CreateReplicaSet c:
                var rs = c.ReplicaSet;
                _created++;
                _replicaSets[rs.Metadata.Name] = new ReplicaSetState
                {
                    Name = rs.Metadata.Name,
                    PodTemplateHash = rs.Metadata.Labels[RolloutLabels.PodTemplateHash],
                    SpecReplicas = rs.Spec.Replicas ?? 1,
                    Revision = long.Parse(rs.Metadata.Annotations[RolloutAnnotations.Revision], CultureInfo.InvariantCulture),
                    CreationTimestamp = Now.AddMilliseconds(_created),
                    Annotations = new Dictionary<string, string>(rs.Metadata.Annotations),
                    Labels = new Dictionary<string, string>(rs.Metadata.Labels),
                    Template = rs.Spec.Template,
                };
                break;
            case ScaleReplicaSet s:
                var scaled = _replicaSets[s.Name];
                var annotations = new Dictionary<string, string>(scaled.Annotations) { [RolloutAnnotations.DesiredReplicas] = s.DesiredReplicasAnnotation };
                if (s.RemoveScaleDownDeadline)
                {
                    annotations.Remove(RolloutAnnotations.ScaleDownDeadline);
                }

                _replicaSets[s.Name] = scaled with { SpecReplicas = s.Replicas, Annotations = annotations };
                break;
            case SetReplicaSetAnnotation a:
                var annotated = _replicaSets[a.Name];
                var changed = new Dictionary<string, string>(annotated.Annotations);
                if (a.Value is null)
                {
                    changed.Remove(a.Key);
                }
                else
                {
                    changed[a.Key] = a.Value;
                }

                _replicaSets[a.Name] = annotated with
                {
                    Annotations = changed,
                    Revision = a.Key == RolloutAnnotations.Revision ? long.Parse(a.Value!, CultureInfo.InvariantCulture) : annotated.Revision,
                };
                break;
            case DeleteReplicaSet d:
                _replicaSets.Remove(d.Name);
                break;
            case UpdateVirtualService v:
                var key = ClusterSnapshot.Key(v.Namespace, v.Name);
                _virtualServices[key] = ParsePatch(v.JsonPatch).Apply(_virtualServices[key]);
                break;
            case UpdateDestinationRule r:
                DestinationRule = ParsePatch(r.JsonPatch).Apply(DestinationRule!);
                break;
            case ScaleDeployment sd:
                Deployment = Deployment with { SpecReplicas = sd.Replicas };
                break;
            case SetRolloutReplicas sr:
                Rollout = Rollout with { Spec = Rollout.Spec with { Replicas = sr.Replicas } };
                break;
            case SetRolloutRevisionAnnotation ra:
                Rollout.Metadata.Annotations ??= new Dictionary<string, string>();
                Rollout.Metadata.Annotations[RolloutAnnotations.Revision] = ra.Revision;
                break;
            default:
                // Services are not part of these scenarios (subset-level routing); an action we cannot apply means
                // the snapshot would be wrong, so stop rather than benchmark a state nobody reaches.
                throw new InvalidOperationException($"benchmark cluster cannot apply {action.GetType().Name}");
        }
    }

    private void MakePodsAvailable()
    {
        foreach (var rs in _replicaSets.Values.ToList())
        {
            _replicaSets[rs.Name] = rs with
            {
                StatusReplicas = rs.SpecReplicas,
                ReadyReplicas = rs.SpecReplicas,
                AvailableReplicas = rs.SpecReplicas,
                ObservedGeneration = rs.Generation,
            };
        }
    }

    private static JsonPatchDocument ParsePatch(string text) =>
        new([.. JsonNode.Parse(text)!.AsArray().Select(o => new JsonPatchOperation((string)o!["op"]!, (string)o["path"]!, o["value"]?.DeepClone()))]);
}
