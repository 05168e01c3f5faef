namespace CanaryOperator.Engine.Commands;

/// <summary>
/// What a plugin command sends. Argo sends the status patch to the <c>/status</c> subresource first, then the
/// spec patch to the main resource; if the status PATCH answers NotFound (a v0.9 CRD without a status
/// subresource) it sends <see cref="UnifiedFallback"/> to the main resource instead of the spec patch
/// (<c>cmd/promote/promote.go:PromoteRollout</c>).
/// </summary>
public sealed record RolloutCommandPlan
{
    public RolloutPatchRequest? StatusPatch { get; init; }

    public RolloutPatchRequest? SpecPatch { get; init; }

    /// <summary>Sent to the main resource when the status subresource is missing; null = resend the status body there.</summary>
    public RolloutPatchRequest? UnifiedFallback { get; init; }

    /// <summary>Set when the command is refused (nothing is sent).</summary>
    public string? Error { get; init; }

    /// <summary>The plugin's success line, e.g. <c>rollout 'guestbook' promoted</c>.</summary>
    public string? Output { get; init; }

    public static RolloutCommandPlan Fail(string error) => new() { Error = error };

    /// <summary>The requests in send order when the status subresource exists.</summary>
    public IReadOnlyList<RolloutPatchRequest> Requests => RequestsFor(statusSubresourceMissing: false);

    /// <summary>
    /// The requests in send order; with <paramref name="statusSubresourceMissing"/> the status PATCH (sent first,
    /// answered NotFound) is followed by the unified fallback instead of the spec patch.
    /// </summary>
    public IReadOnlyList<RolloutPatchRequest> RequestsFor(bool statusSubresourceMissing)
    {
        var requests = new List<RolloutPatchRequest>();
        var spec = SpecPatch;
        if (StatusPatch is not null)
        {
            requests.Add(StatusPatch);
            if (statusSubresourceMissing)
            {
                spec = UnifiedFallback ?? StatusPatch with { Target = PatchTarget.MainResource };
            }
        }

        if (spec is not null)
        {
            requests.Add(spec);
        }

        return requests;
    }
}
