using System.Text.Json;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// What strict field validation found in one object: unknown fields (kube-apiserver answers 400 "strict decoding
/// error") and values of the wrong JSON type (422 Invalid).
/// </summary>
internal sealed class FieldErrors
{
    private readonly List<string> _unknown = [];
    private readonly List<string> _wrongType = [];

    public IReadOnlyList<string> UnknownFields => _unknown;

    public IReadOnlyList<string> WrongTypes => _wrongType;

    public void Unknown(string path) => _unknown.Add(path);

    public void WrongType(string path, string expected, JsonValueKind actual) =>
        _wrongType.Add($"{path}: Invalid value: \"{Name(actual)}\": {path} in body must be of type {expected}: \"{Name(actual)}\"");

    /// <summary>Throws the error kube-apiserver gives for the first kind of problem found, naming every field.</summary>
    public void ThrowIfAny(string kind, string apiVersion, string name)
    {
        if (_unknown.Count > 0)
        {
            var fields = string.Join(", ", _unknown.Select(f => $"unknown field \"{f}\""));
            throw ApiException.BadRequest($"{kind} in version \"{apiVersion}\" cannot be handled as a {kind}: strict decoding error: {fields}");
        }

        if (_wrongType.Count > 0)
        {
            throw ApiException.Invalid(kind, name, "[" + string.Join(", ", _wrongType) + "]");
        }
    }

    private static string Name(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
