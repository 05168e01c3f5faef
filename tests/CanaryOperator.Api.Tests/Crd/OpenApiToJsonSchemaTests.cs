using System.Text.Json.Nodes;
using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.Crd;

/// <summary>The OpenAPI-subset translation, keyword by keyword, on small synthetic schemas.</summary>
public sealed class OpenApiToJsonSchemaTests
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "properties": {
                "name": { "type": "string", "nullable": true },
                "mode": { "type": "string", "enum": ["never", "onsuccess"] },
                "size": { "type": "integer", "format": "int64" },
                "count": { "type": "integer", "format": "int32" },
                "ratio": { "type": "number" },
                "amount": { "x-kubernetes-int-or-string": true },
                "maybe": { "x-kubernetes-int-or-string": true, "nullable": true },
                "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                "open": { "type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": { "known": { "type": "boolean" } } },
                "closed": { "type": "object" },
                "list": { "type": "array", "items": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } } },
                "when": { "type": "string", "format": "date-time" }
              }
            }
          }
        }
        """;

    private static readonly CrdSchemaValidator Validator = new(JsonNode.Parse(Schema)!.AsObject());

    [Theory]
    [InlineData("name", "null")]
    [InlineData("name", "\"x\"")]
    [InlineData("mode", "\"onsuccess\"")]
    [InlineData("size", "9223372036854775807")]
    [InlineData("count", "-2147483648")]
    [InlineData("ratio", "0.5")]
    [InlineData("amount", "3")]
    [InlineData("amount", "\"3%\"")]
    [InlineData("maybe", "null")]
    [InlineData("labels", "{\"a\": \"b\"}")]
    [InlineData("open", "{\"known\": true, \"anything\": [1]}")]
    [InlineData("closed", "{}")]
    [InlineData("list", "[{\"id\": \"a\"}]")]
    [InlineData("when", "\"2026-01-02T15:04:05Z\"")]
    public void Accepts(string field, string value)
    {
        Validator.Errors(Doc(field, value)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("mode", "\"always\"")]
    [InlineData("mode", "null")]
    [InlineData("count", "2147483648")]
    [InlineData("count", "1.5")]
    [InlineData("amount", "null")]
    [InlineData("amount", "[3]")]
    [InlineData("labels", "{\"a\": 1}")]
    [InlineData("open", "{\"known\": \"yes\"}")]
    [InlineData("closed", "{\"x\": 1}")]
    [InlineData("list", "[{}]")]
    [InlineData("list", "[{\"id\": \"a\", \"extra\": 1}]")]
    [InlineData("when", "\"2026-13-45\"")]
    [InlineData("unknown", "1")]
    public void Rejects(string field, string value)
    {
        Validator.Errors(Doc(field, value)).Should().NotBeEmpty();
    }

    [Fact]
    public void Root_accepts_api_version_kind_and_any_metadata_even_if_undeclared()
    {
        var doc = new JsonObject
        {
            ["apiVersion"] = "example.com/v1",
            ["kind"] = "Thing",
            ["metadata"] = new JsonObject { ["name"] = "x", ["labels"] = new JsonObject { ["a"] = "b" } },
            ["spec"] = new JsonObject(),
        };

        Validator.Errors(doc).Should().BeEmpty();
    }

    [Fact]
    public void Root_rejects_an_unknown_top_level_field()
    {
        var doc = new JsonObject { ["spec"] = new JsonObject(), ["sepc"] = new JsonObject() };

        Validator.Errors(doc).Should().NotBeEmpty();
    }

    private static JsonObject Doc(string field, string value) =>
        new() { ["spec"] = new JsonObject { [field] = JsonNode.Parse(value) } };
}
