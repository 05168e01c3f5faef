using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.TestSupport;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>Istio's own VirtualService and DestinationRule CRDs (shared/reference/istio-crds), as validators.</summary>
public static class IstioCrds
{
    private static readonly Dictionary<(string Kind, string Version), CrdSchemaValidator> Validators = [];
    private static readonly Lock ValidatorsLock = new();

    /// <summary>A validator for <paramref name="kind"/> at Istio API <paramref name="version"/> (v1alpha3, v1beta1, v1).</summary>
    public static CrdSchemaValidator Validator(string kind, string version)
    {
        lock (ValidatorsLock)
        {
            if (!Validators.TryGetValue((kind, version), out var validator))
            {
                var file = kind switch
                {
                    "VirtualService" => "virtualservice.yaml",
                    "DestinationRule" => "destinationrule.yaml",
                    _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
                };
                var crd = YamlDocuments.Parse(File.ReadAllText(Path.Combine(RepoPaths.Reference, "istio-crds", file))).Single();
                var schema = crd["spec"]!["versions"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == version)!["schema"]!["openAPIV3Schema"]!;
                validator = new CrdSchemaValidator((JsonObject)schema);
                Validators[(kind, version)] = validator;
            }

            return validator;
        }
    }
}
