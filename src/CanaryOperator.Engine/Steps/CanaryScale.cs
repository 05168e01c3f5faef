namespace CanaryOperator.Engine.Steps;

/// <summary>
/// What the canary should be sized by (<c>GetCanaryReplicasOrWeight</c>): an explicit replica count from an
/// effective <c>setCanaryScale.replicas</c> (then <see cref="Weight"/> is 0), or a weight.
/// </summary>
public readonly record struct CanaryScale(int? Replicas, int Weight);
