using System.Runtime.CompilerServices;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Steps;
using k8s.Models;

namespace CanaryOperator.Engine.Hashing;

/// <summary>
/// Remembers the pod-template hash of a template instance and the steps hash of a step-list instance, so that a pass
/// over an object the planner has already seen does not write its Go JSON again (the two hashes were ~a fifth of a
/// no-op reconcile's CPU; docs/benchmarks.md, "Reconcile CPU").
/// </summary>
/// <remarks>
/// Keyed by object identity, so it may only be handed instances that are never changed after they were first hashed:
/// the operator's informer caches are such (every watch event brings a new deserialized object, the stores hand out
/// read-only instances), so an entry always belongs to exactly one resourceVersion and can never answer for changed
/// content. Entries go with their objects (<see cref="ConditionalWeakTable{TKey, TValue}"/>): a replaced cache object
/// takes its hashes with it. Tests that edit a template in place simply do not pass a memo.
/// </remarks>
public sealed class SpecHashMemo
{
    private readonly ConditionalWeakTable<V1PodTemplateSpec, TemplateHash> _templates = new();
    private readonly ConditionalWeakTable<IReadOnlyList<CanaryStep>, string> _steps = new();

    /// <summary><see cref="PodTemplateHash.Compute"/>, once per template instance and collision count.</summary>
    public string PodTemplate(V1PodTemplateSpec template, int? collisionCount)
    {
        if (_templates.TryGetValue(template, out var known) && known.CollisionCount == collisionCount)
        {
            return known.Hash;
        }

        var hash = PodTemplateHash.Compute(template, collisionCount);
        _templates.AddOrUpdate(template, new TemplateHash(collisionCount, hash));
        return hash;
    }

    /// <summary><see cref="StepsHash.Compute"/>, once per step-list instance (a null list is not remembered).</summary>
    public string Steps(IReadOnlyList<CanaryStep>? steps)
    {
        if (steps is null)
        {
            return StepsHash.Compute(steps);
        }

        if (_steps.TryGetValue(steps, out var known))
        {
            return known;
        }

        var hash = StepsHash.Compute(steps);
        _steps.AddOrUpdate(steps, hash);
        return hash;
    }

    private sealed record TemplateHash(int? CollisionCount, string Hash);
}
