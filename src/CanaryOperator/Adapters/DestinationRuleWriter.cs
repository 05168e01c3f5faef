using k8s;

namespace CanaryOperator.Adapters;

/// <summary>
/// Applies the planner's JSON Patch to a DestinationRule: it only sets the <c>rollouts-pod-template-hash</c> label of
/// the canary and stable subsets (and the managed-by annotation), testing the subset names first.
/// </summary>
public sealed class DestinationRuleWriter(IKubernetes client, IstioResources istio)
{
    public async Task<WrittenObject?> PatchAsync(string ns, string name, string jsonPatch, CancellationToken cancellationToken)
    {
        if (JsonBodies.IsEmptyPatch(jsonPatch))
        {
            return null;
        }

        var response = await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            JsonBodies.JsonPatch(jsonPatch), istio.Group, istio.Version, ns, Api.Istio.IstioApi.DestinationRulePlural, name,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new WrittenObject(WrittenObject.DestinationRule, ns, name, JsonBodies.ResourceVersionOf(response));
    }
}
