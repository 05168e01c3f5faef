using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>Validates documents against a CRD version's openAPIV3Schema with JsonSchema.Net.</summary>
public sealed class CrdSchemaValidator
{
    private readonly JsonSchema _schema;

    public CrdSchemaValidator(JsonObject openApiSchema)
    {
        JsonSchemaText = OpenApiToJsonSchema.Translate(openApiSchema).ToJsonString();
        _schema = JsonSchema.FromText(JsonSchemaText);
    }

    /// <summary>The translated JSON Schema, for failure messages.</summary>
    public string JsonSchemaText { get; }

    /// <summary>Every error as <c>instance path: message</c>; empty when the document is valid.</summary>
    public IReadOnlyList<string> Errors(JsonNode document)
    {
        using var json = JsonDocument.Parse(document.ToJsonString());
        var results = _schema.Evaluate(json.RootElement, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{detail.InstanceLocation} ({keyword}): {message}");
            }
        }

        return errors.Count > 0 ? errors : ["invalid (no details reported)"];
    }
}
