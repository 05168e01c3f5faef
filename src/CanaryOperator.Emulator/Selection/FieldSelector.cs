using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Selection;

/// <summary>
/// A field selector (<c>metadata.name=x,metadata.namespace!=y</c>). Only the fields the kind supports are accepted:
/// an unknown field is a 400, as on a real server.
/// </summary>
public sealed class FieldSelector
{
    private readonly List<(string Path, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>Parses; throws <see cref="FormatException"/> for bad syntax or a field the kind does not support.</summary>
    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var terms = new List<(string, bool, string)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldSelector(terms);
        }

        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (at, len, equal) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : term.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : term.IndexOf('=', StringComparison.Ordinal) is var e and > 0 ? (e, 1, true)
                : throw new FormatException($"invalid selector: '{term}'; can't understand '{term}'");
            var field = term[..at].Trim();
            if (field != "metadata.name" && field != "metadata.namespace" && !type.ExtraFieldSelectors.Contains(field))
            {
                throw new FormatException($"field label not supported: {field}");
            }

            terms.Add((field, equal, term[(at + len)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) =>
        _terms.All(t =>
        {
            var actual = Obj.Str(Obj.GetPath(obj, t.Path)) ?? string.Empty;
            return (actual == t.Value) == t.Equal;
        });
}
