using System.Text.Json.Nodes;
using CanaryOperator.Engine.Istio;

namespace CanaryOperator.EngineTesting;

/// <summary>Parses an RFC 6902 patch text into the Istio folder's <see cref="JsonPatchDocument"/> to apply it.</summary>
public static class JsonPatchText
{
    public static JsonPatchDocument Parse(string text) =>
        new([.. JsonNode.Parse(text)!.AsArray().Select(o => new JsonPatchOperation((string)o!["op"]!, (string)o["path"]!, o["value"]?.DeepClone()))]);
}
