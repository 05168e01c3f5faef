using CanaryOperator.Api.Istio;

namespace CanaryOperator.Adapters;

/// <summary>
/// Where the Istio CRDs are served: group <c>networking.istio.io</c> at the configured version
/// (v1alpha3 by default; v1beta1 and v1 serve the same schema), used by the informers and the writers alike.
/// </summary>
public sealed record IstioResources(string Version)
{
    public static IstioResources Default { get; } = new(IstioApi.DefaultVersion);

    public string Group => IstioApi.Group;

    /// <summary>Fails fast on a version the operator does not know (a typo in <c>--istio-api-version</c>).</summary>
    public static IstioResources For(string version) =>
        IstioApi.SupportedVersions.Contains(version)
            ? new IstioResources(version)
            : throw new ArgumentException(
                $"unsupported Istio API version '{version}' (expected one of {string.Join(", ", IstioApi.SupportedVersions)})", nameof(version));
}
