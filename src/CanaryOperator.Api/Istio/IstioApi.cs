namespace CanaryOperator.Api.Istio;

/// <summary>Istio's networking API coordinates. The version is configurable; all three serve the same schema.</summary>
public static class IstioApi
{
    public const string Group = "networking.istio.io";
    public const string DefaultVersion = "v1alpha3";
    public static readonly IReadOnlyList<string> SupportedVersions = ["v1alpha3", "v1beta1", "v1"];
    public const string VirtualServicePlural = "virtualservices";
    public const string DestinationRulePlural = "destinationrules";
    public const string VirtualServiceKind = "VirtualService";
    public const string DestinationRuleKind = "DestinationRule";
}
