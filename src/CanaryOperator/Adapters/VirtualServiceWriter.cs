using k8s;

namespace CanaryOperator.Adapters;

/// <summary>
/// Applies the planner's JSON Patch to a VirtualService. The patch <c>test</c>s each route and destination before it
/// <c>replace</c>s a weight, so a concurrent edit makes the server answer 422 (the key is retried with a fresh cache)
/// instead of our weights landing on somebody else's route.
/// </summary>
public sealed class VirtualServiceWriter(IKubernetes client, IstioResources istio)
{
    public async Task<WrittenObject?> PatchAsync(string ns, string name, string jsonPatch, CancellationToken cancellationToken)
    {
        if (JsonBodies.IsEmptyPatch(jsonPatch))
        {
            return null;
        }

        var response = await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            JsonBodies.JsonPatch(jsonPatch), istio.Group, istio.Version, ns, Api.Istio.IstioApi.VirtualServicePlural, name,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new WrittenObject(WrittenObject.VirtualService, ns, name, JsonBodies.ResourceVersionOf(response));
    }
}
