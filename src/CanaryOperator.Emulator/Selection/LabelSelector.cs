using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Selection;

/// <summary>
/// A parsed label selector string as kube-apiserver accepts it: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist), comma separated (all must hold).
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>Parses a selector; throws <see cref="FormatException"/> on bad syntax.</summary>
    public static LabelSelector Parse(string? text)
    {
        var list = new List<Requirement>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LabelSelector(list);
        }

        foreach (var term in SplitTerms(text))
        {
            list.Add(ParseTerm(term.Trim()));
        }

        return new LabelSelector(list);
    }

    /// <summary>Builds the selector of a <c>metav1.LabelSelector</c> object (matchLabels + matchExpressions).</summary>
    public static LabelSelector FromObject(JsonObject? selector)
    {
        var list = new List<Requirement>();
        if (selector is null)
        {
            return new LabelSelector(list);
        }

        foreach (var (k, v) in Obj.StringMap(selector["matchLabels"]))
        {
            list.Add(new Requirement(k, Op.In, [v]));
        }

        foreach (var e in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = Obj.Str(e["key"]) ?? string.Empty;
            var values = (e["values"] as JsonArray)?.Select(Obj.Str).OfType<string>().ToList() ?? [];
            var op = Obj.Str(e["operator"]) switch
            {
                "In" => Op.In,
                "NotIn" => Op.NotIn,
                "Exists" => Op.Exists,
                "DoesNotExist" => Op.DoesNotExist,
                var other => throw new FormatException($"unknown operator {other}"),
            };
            list.Add(new Requirement(key, op, values));
        }

        return new LabelSelector(list);
    }

    /// <summary>The selector in string form, as a Scale's status.selector carries it.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    public bool Matches(JsonObject obj) => Matches(Obj.Labels(obj));

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseTerm(string term)
    {
        if (term.Length == 0)
        {
            throw new FormatException("empty selector term");
        }

        if (term.StartsWith('!'))
        {
            return new Requirement(ValidKey(term[1..].Trim()), Op.DoesNotExist, []);
        }

        var paren = term.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            var head = term[..paren].Trim();
            if (!term.EndsWith(')'))
            {
                throw new FormatException($"unterminated set in '{term}'");
            }

            var values = term[(paren + 1)..^1].Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            var parts = head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || (parts[1] != "in" && parts[1] != "notin"))
            {
                throw new FormatException($"invalid set requirement '{term}'");
            }

            return new Requirement(ValidKey(parts[0]), parts[1] == "in" ? Op.In : Op.NotIn, values);
        }

        foreach (var (token, op) in new[] { ("!=", Op.NotIn), ("==", Op.In), ("=", Op.In) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = term[(at + token.Length)..].Trim();
                if (value.Contains('=', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal))
                {
                    throw new FormatException($"invalid value in '{term}'");
                }

                return new Requirement(ValidKey(term[..at].Trim()), op, [value]);
            }
        }

        return new Requirement(ValidKey(term), Op.Exists, []);
    }

    private static string ValidKey(string key)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            throw new FormatException($"invalid label key \"{key}\"");
        }

        return key;
    }

    private enum Op
    {
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Op Operator, IReadOnlyList<string> Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
        {
            Op.In => labels.TryGetValue(Key, out var v) && Values.Contains(v),
            Op.NotIn => !labels.TryGetValue(Key, out var v) || !Values.Contains(v),
            Op.Exists => labels.ContainsKey(Key),
            _ => !labels.ContainsKey(Key),
        };

        public override string ToString() => Operator switch
        {
            Op.In when Values.Count == 1 => $"{Key}={Values[0]}",
            Op.In => $"{Key} in ({string.Join(",", Values)})",
            Op.NotIn when Values.Count == 1 => $"{Key}!={Values[0]}",
            Op.NotIn => $"{Key} notin ({string.Join(",", Values)})",
            Op.Exists => Key,
            _ => "!" + Key,
        };
    }
}
