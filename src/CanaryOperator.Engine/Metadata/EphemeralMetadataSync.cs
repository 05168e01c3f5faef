using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using k8s.Models;

namespace CanaryOperator.Engine.Metadata;

/// <summary>
/// Ephemeral pod metadata (§6.6; Argo <c>utils/replicaset/canary.go</c>: <c>SyncEphemeralPodMetadata</c>,
/// <c>SyncReplicaSetEphemeralPodMetadata</c>, <c>ParseExistingPodMetadata</c>): the labels and annotations of
/// <c>canaryMetadata</c>/<c>stableMetadata</c> are injected into a ReplicaSet's pod template (and its pods) while the
/// ReplicaSet plays that role. What was injected is recorded in the ReplicaSet annotation
/// <c>rollout.argoproj.io/ephemeral-metadata</c> (JSON <c>{"labels":…,"annotations":…}</c>), so a role switch removes
/// exactly the keys this operator put there and leaves everybody else's metadata (sidecar injectors, users) alone.
/// Pure: no I/O, no clock.
/// </summary>
public static class EphemeralMetadataSync
{
    private static readonly JsonSerializerOptions RecordOptions = new();

    /// <summary>True when there is nothing to inject (null, or neither labels nor annotations).</summary>
    public static bool IsEmpty(PodMetadata? metadata) =>
        metadata is null || ((metadata.Labels?.Count ?? 0) == 0 && (metadata.Annotations?.Count ?? 0) == 0);

    /// <summary>
    /// The metadata a ReplicaSet recorded as injected; null when it has no record or the record does not parse
    /// (Argo logs and treats it as nothing injected).
    /// </summary>
    public static PodMetadata? Recorded(IReadOnlyDictionary<string, string>? replicaSetAnnotations) =>
        replicaSetAnnotations is not null && replicaSetAnnotations.TryGetValue(RolloutAnnotations.EphemeralMetadata, out var text) ? Parse(text) : null;

    /// <summary>
    /// The record for <paramref name="desired"/>: Go's <c>json.Marshal</c> layout (labels before annotations, keys
    /// sorted, empty maps omitted); null when there is nothing to record (the annotation is then removed).
    /// </summary>
    public static string? Record(PodMetadata? desired)
    {
        if (IsEmpty(desired))
        {
            return null;
        }

        var node = new JsonObject();
        if (desired!.Labels is { Count: > 0 } labels)
        {
            node["labels"] = Sorted(labels);
        }

        if (desired.Annotations is { Count: > 0 } annotations)
        {
            node["annotations"] = Sorted(annotations);
        }

        return node.ToJsonString();
    }

    /// <summary>
    /// <c>SyncEphemeralPodMetadata</c>: set every desired key whose value differs, and remove every key that was
    /// recorded as injected but is no longer desired (only when present). Empty when nothing changes.
    /// </summary>
    public static MetadataChange Diff(
        IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? annotations, PodMetadata? recorded, PodMetadata? desired)
    {
        var labelChange = DiffMap(labels, recorded?.Labels, desired?.Labels);
        var annotationChange = DiffMap(annotations, recorded?.Annotations, desired?.Annotations);
        return labelChange is null && annotationChange is null
            ? MetadataChange.None
            : new MetadataChange(labelChange ?? MetadataChange.None.Labels, annotationChange ?? MetadataChange.None.Annotations);
    }

    /// <summary><see cref="Diff(IReadOnlyDictionary{string, string}?, IReadOnlyDictionary{string, string}?, PodMetadata?, PodMetadata?)"/> of an object's metadata.</summary>
    public static MetadataChange Diff(V1ObjectMeta? current, PodMetadata? recorded, PodMetadata? desired) =>
        Diff(ReadOnly(current?.Labels), ReadOnly(current?.Annotations), recorded, desired);

    /// <summary>
    /// <c>SyncReplicaSetEphemeralPodMetadata</c> for one ReplicaSet: what its pod template and record need so that it
    /// carries <paramref name="desired"/> (null = no ephemeral metadata at all). Null when it already does — the
    /// common case costs one dictionary lookup. Unlike Argo, a record that merely disagrees with the desired metadata
    /// (the template already carries it) is rewritten too, so the record always names what the pods should carry.
    /// A ReplicaSet whose template is unknown (not in the snapshot) is left alone: a diff against nothing would be
    /// planned again every pass.
    /// </summary>
    public static ReplicaSetMetadataSync? ForReplicaSet(V1PodTemplateSpec? template, IReadOnlyDictionary<string, string> replicaSetAnnotations, PodMetadata? desired)
    {
        if (template is null)
        {
            return null;
        }

        var hasRecord = replicaSetAnnotations.TryGetValue(RolloutAnnotations.EphemeralMetadata, out var recordText);
        if (!hasRecord && IsEmpty(desired))
        {
            return null;
        }

        var recorded = hasRecord ? Parse(recordText!) : null;
        var change = Diff(template.Metadata, recorded, desired);
        var recordUpToDate = IsEmpty(desired) ? !hasRecord : hasRecord && recorded is not null && Same(recorded, desired!);
        return change.IsEmpty && recordUpToDate ? null : new ReplicaSetMetadataSync(change, Record(desired), recorded);
    }

    /// <summary>Applies <paramref name="change"/> to <paramref name="metadata"/> in place (a null value removes the key).</summary>
    public static void Apply(V1ObjectMeta metadata, MetadataChange change)
    {
        metadata.Labels = ApplyMap(metadata.Labels, change.Labels);
        metadata.Annotations = ApplyMap(metadata.Annotations, change.Annotations);
    }

    /// <summary>
    /// Removes from <paramref name="live"/> (a ReplicaSet's pod template metadata, in place) the keys recorded as
    /// injected, unless <paramref name="desired"/> (the Rollout's template) has the same key with the same value — so a
    /// live template compares equal to the template it was created from (§6.4: finding the new ReplicaSet ignores
    /// injected metadata). A map left empty becomes null when the desired template has none either.
    /// </summary>
    public static void RemoveInjected(V1ObjectMeta live, PodMetadata recorded, V1ObjectMeta? desired)
    {
        live.Labels = RemoveMap(live.Labels, recorded.Labels, desired?.Labels);
        live.Annotations = RemoveMap(live.Annotations, recorded.Annotations, desired?.Annotations);
    }

    private static PodMetadata? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<PodMetadata>(text, RecordOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Same(PodMetadata a, PodMetadata b) => SameMap(a.Labels, b.Labels) && SameMap(a.Annotations, b.Annotations);

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || a.All(e => b!.TryGetValue(e.Key, out var v) && v == e.Value);
    }

    private static JsonObject Sorted(IReadOnlyDictionary<string, string> map)
    {
        var node = new JsonObject();
        foreach (var (key, value) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            node[key] = value;
        }

        return node;
    }

    private static SortedDictionary<string, string?>? DiffMap(
        IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string>? recorded, IReadOnlyDictionary<string, string>? desired)
    {
        SortedDictionary<string, string?>? change = null;
        if (desired is not null)
        {
            foreach (var (key, value) in desired)
            {
                if (current is null || !current.TryGetValue(key, out var now) || now != value)
                {
                    (change ??= new SortedDictionary<string, string?>(StringComparer.Ordinal))[key] = value;
                }
            }
        }

        if (recorded is not null && current is not null)
        {
            foreach (var key in recorded.Keys)
            {
                if ((desired is null || !desired.ContainsKey(key)) && current.ContainsKey(key))
                {
                    (change ??= new SortedDictionary<string, string?>(StringComparer.Ordinal))[key] = null;
                }
            }
        }

        return change;
    }

    private static IDictionary<string, string>? ApplyMap(IDictionary<string, string>? map, IReadOnlyDictionary<string, string?> change)
    {
        if (change.Count == 0)
        {
            return map;
        }

        var result = new Dictionary<string, string>(map ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in change)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = value;
            }
        }

        return result.Count == 0 && map is null ? null : result;
    }

    private static IDictionary<string, string>? RemoveMap(
        IDictionary<string, string>? live, IReadOnlyDictionary<string, string>? injected, IDictionary<string, string>? desired)
    {
        if (live is null || injected is null)
        {
            return live;
        }

        foreach (var key in injected.Keys)
        {
            if (desired is null || !desired.TryGetValue(key, out var wanted) || !live.TryGetValue(key, out var have) || wanted != have)
            {
                live.Remove(key);
            }
        }

        return live.Count == 0 && desired is null ? null : live;
    }

    private static IReadOnlyDictionary<string, string>? ReadOnly(IDictionary<string, string>? map) =>
        map switch
        {
            null => null,
            IReadOnlyDictionary<string, string> readOnly => readOnly,
            _ => new Dictionary<string, string>(map),
        };
}
