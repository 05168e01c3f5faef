using System.Globalization;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Hashing;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Status;
using k8s.Models;

namespace CanaryOperator.Engine.Planning;

/// <summary>Finding and creating the new (canary) ReplicaSet (§6.4, §6.5).</summary>
internal sealed partial class PlanningPass
{
    private static readonly HashSet<string> AnnotationsNotCopiedToReplicaSet =
    [
        RolloutAnnotations.LastAppliedConfiguration,
        RolloutAnnotations.Revision,
        RolloutAnnotations.RevisionHistory,
        RolloutAnnotations.DesiredReplicas,
        RolloutAnnotations.NotificationsNotified,
    ];

    private string CurrentTemplateHash() =>
        snapshot.Hashes is { } memo ? memo.PodTemplate(template!, Current.CollisionCount) : PodTemplateHash.Compute(template!, Current.CollisionCount);

    /// <summary>
    /// <c>FindNewReplicaSet</c> (by hash label, then template equality ignoring the hash label), <c>GetStableRS</c>,
    /// <c>GetOtherRSs</c>. ReplicaSets being deleted are never chosen as new or stable.
    /// </summary>
    private void FindReplicaSets()
    {
        allRSs = [.. snapshot.ReplicaSets.OrderBy(r => r.CreationTimestamp).ThenBy(r => r.Name, StringComparer.Ordinal)];
        var hash = CurrentTemplateHash();
        var alive = allRSs.Where(r => r.DeletionTimestamp is null).ToList();
        newRS = alive.FirstOrDefault(r => r.PodTemplateHash == hash) ?? alive.FirstOrDefault(SameTemplateIgnoringHash);
        var stableHash = Current.StableRS;
        stableRS = string.IsNullOrEmpty(stableHash) ? null : alive.FirstOrDefault(r => r.PodTemplateHash == stableHash);
        otherRSs = [.. allRSs.Where(r => r != newRS && r != stableRS)];
    }

    /// <summary>Template equality ignoring the hash label and the ephemeral metadata injected into the candidate (§6.4).</summary>
    private bool SameTemplateIgnoringHash(ReplicaSetState rs)
    {
        if (rs.Template is not { } candidate)
        {
            return false;
        }

        var copy = Clone(candidate);
        copy.Metadata?.Labels?.Remove(RolloutLabels.PodTemplateHash);
        if (copy.Metadata?.Labels is { Count: 0 } && (template!.Metadata?.Labels is null))
        {
            copy.Metadata.Labels = null;
        }

        if (copy.Metadata is not null && EphemeralMetadataSync.Recorded(rs.Annotations) is { } injected)
        {
            EphemeralMetadataSync.RemoveInjected(copy.Metadata, injected, template!.Metadata);
        }

        return ApiJson.Serialize(copy) == ApiJson.Serialize(template!);
    }

    /// <summary>
    /// <c>sync.go:createDesiredReplicaSet</c>: <c>&lt;rollout&gt;-&lt;hash&gt;</c> with 0 replicas, revision max+1, the
    /// Rollout's annotations, a controller ownerReference; Progressing=True NewReplicaSetCreated; the pass ends.
    /// A name taken by an owned ReplicaSet with another template is a hash collision: collisionCount++ and retry.
    /// </summary>
    private Plan CreateNewReplicaSet()
    {
        var hash = CurrentTemplateHash();
        var rsName = $"{name}-{hash}";
        if (allRSs.Any(r => r.Name == rsName))
        {
            var collided = persisted with { CollisionCount = (persisted.CollisionCount ?? 0) + 1 };
            return FinishWithoutPauseBookkeeping(collided);
        }

        var revision = (allRSs.Count == 0 ? 0 : allRSs.Max(r => r.Revision)) + 1;
        var revisionText = revision.ToString(CultureInfo.InvariantCulture);
        var podTemplate = Clone(template!);
        podTemplate.Metadata ??= new V1ObjectMeta();
        podTemplate.Metadata.Labels = new Dictionary<string, string>(podTemplate.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [RolloutLabels.PodTemplateHash] = hash,
        };
        var rsSelector = Clone(selector ?? new V1LabelSelector());
        rsSelector.MatchLabels = new Dictionary<string, string>(rsSelector.MatchLabels ?? new Dictionary<string, string>())
        {
            [RolloutLabels.PodTemplateHash] = hash,
        };

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in rollout.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (!AnnotationsNotCopiedToReplicaSet.Contains(key))
            {
                annotations[key] = value;
            }
        }

        annotations[RolloutAnnotations.Revision] = revisionText;
        annotations[RolloutAnnotations.DesiredReplicas] = replicas.ToString(CultureInfo.InvariantCulture);

        var replicaSet = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = rsName,
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string>(podTemplate.Metadata.Labels),
                Annotations = new Dictionary<string, string>(annotations),
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = Rollout.ApiGroupVersion,
                        Kind = Rollout.KindName,
                        Name = name,
                        Uid = rollout.Metadata.Uid ?? "",
                        Controller = true,
                        BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0,
                MinReadySeconds = rollout.Spec.MinReadySeconds ?? 0,
                Selector = rsSelector,
                Template = podTemplate,
            },
        };

        // §6.2/§6.5: the name, labels and selector carry the hash of the template WITHOUT ephemeral metadata; only the
        // pod template gets it, so the pods start with their role's metadata and no second write is needed.
        var ephemeral = CreationEphemeralMetadata();
        if (EphemeralMetadataSync.Record(ephemeral) is { } record)
        {
            EphemeralMetadataSync.Apply(podTemplate.Metadata, EphemeralMetadataSync.Diff(podTemplate.Metadata, null, ephemeral));
            replicaSet.Metadata.Annotations[RolloutAnnotations.EphemeralMetadata] = record;
        }

        actions.Add(new CreateReplicaSet(replicaSet));
        actions.Add(new SetRolloutRevisionAnnotation(ns, name, revisionText));
        Event(PlannedEvent.Normal, EventReasons.NewReplicaSetCreated, $"Created ReplicaSet {rsName} (revision {revisionText})");
        var condition = RolloutConditionList.New(RolloutConditionTypes.Progressing, RolloutConditionList.True,
            RolloutConditionReasons.NewReplicaSetCreated, $"Created new replica set \"{rsName}\"", Now);
        var status = persisted with { Conditions = RolloutConditionList.Refresh(persisted.Conditions, condition) };
        return FinishWithoutPauseBookkeeping(status);
    }

    private static T Clone<T>(T value) => ApiJson.Deserialize<T>(ApiJson.Serialize(value!));
}
