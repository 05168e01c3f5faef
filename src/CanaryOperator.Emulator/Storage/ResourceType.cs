namespace CanaryOperator.Emulator.Storage;

/// <summary>Where the scale subresource reads and writes replicas (CRD JSON paths such as <c>.spec.replicas</c>).</summary>
public sealed record ScalePaths(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>
/// One served resource at one version: what discovery lists and what a request path resolves to.
/// Objects are stored per <see cref="StorageKey"/> (group + plural), so every served version of a CRD sees the same objects.
/// </summary>
public sealed record ResourceType
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    public string ListKind => Kind + "List";

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Has a <c>/status</c> subresource: main-resource writes keep the stored status, status writes keep the rest.</summary>
    public bool HasStatus { get; init; }

    /// <summary>Has a <c>/scale</c> subresource (autoscaling/v1 Scale) reading/writing these paths.</summary>
    public ScalePaths? Scale { get; init; }

    /// <summary>True for kinds served because a CustomResourceDefinition was created.</summary>
    public bool IsCustom { get; init; }

    /// <summary>The CRD name (plural.group) for custom kinds.</summary>
    public string? CrdName { get; init; }

    /// <summary>Paths (dot separated, below the object root) the server refuses to change on update (422).</summary>
    public IReadOnlyList<string> ImmutablePaths { get; init; } = [];

    /// <summary>Field selector keys accepted besides metadata.name and metadata.namespace.</summary>
    public IReadOnlyList<string> ExtraFieldSelectors { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    public string StorageKey => GroupResource;

    public bool SupportsStrategicMerge => !IsCustom;
}
