using System.Reflection;

namespace CanaryOperator.Simulation;

/// <summary>
/// The CRDs a simulated cluster starts with: our Rollout CRD (the same file as <c>crds/</c>, embedded at build time)
/// and a minimal Istio VirtualService/DestinationRule CRD (schema-less: the emulator only needs the kinds, versions
/// and scopes; the operator never relies on Istio's validation).
/// </summary>
public static class SupportCrds
{
    public static IReadOnlyList<string> All() => [Read("crds/rollouts.argoproj.io.yaml"), Read("Simulation/istio-crds.yaml")];

    /// <summary>Istio's Gateway, which the sandbox serves so the article's manifests apply without an error.</summary>
    public static string IstioGateway() => Read("Simulation/istio-gateway-crd.yaml");

    private static string Read(string logicalName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException("embedded resource missing: " + logicalName);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
