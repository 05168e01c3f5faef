using k8s.Models;

namespace CanaryOperator.Engine.Status;

/// <summary>
/// <c>metav1.FormatLabelSelector</c>: the text an HPA reads from <c>status.selector</c> (§7.3), e.g.
/// <c>app=foo,tier in (a,b)</c>. Requirements sorted by key (labels.Selector.String), set values sorted;
/// an empty or nil selector is <c>&lt;none&gt;</c>.
/// </summary>
public static class LabelSelectorText
{
    public static string Format(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return "<none>";
        }

        var requirements = new List<(string Key, string Text, int Order)>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add((key, string.Concat(key, "=", value), requirements.Count));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var values = (expression.Values ?? []).Distinct().OrderBy(v => v, StringComparer.Ordinal).ToList();
            var text = expression.OperatorProperty switch
            {
                "In" => $"{expression.Key} in ({string.Join(",", values)})",
                "NotIn" => $"{expression.Key} notin ({string.Join(",", values)})",
                "Exists" => expression.Key,
                "DoesNotExist" => $"!{expression.Key}",
                _ => null,
            };
            if (text is null)
            {
                return "<error>";
            }

            requirements.Add((expression.Key, text, requirements.Count));
        }

        if (requirements.Count == 0)
        {
            return "<none>";
        }

        // Go's sort.Sort(ByKey) is not stable; for equal keys we keep declaration order (matchLabels first). A plain
        // sort with that tie-break: this runs on every planning pass, and the LINQ form was ~5 % of a no-op reconcile.
        requirements.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key) is var byKey and not 0 ? byKey : a.Order.CompareTo(b.Order));
        var texts = new string[requirements.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = requirements[i].Text;
        }

        return string.Join(",", texts);
    }
}
