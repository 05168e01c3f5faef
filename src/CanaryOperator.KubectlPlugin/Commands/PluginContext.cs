using k8s;

namespace CanaryOperator.KubectlPlugin.Commands;

/// <summary>What every sub-command needs from its caller: an optional ready client, the writers and the clock.</summary>
public sealed record PluginContext(IKubernetes? Client, TextWriter Output, TextWriter Error, TimeProvider Clock);
