using System.Globalization;
using System.Text;
using k8s.Models;

namespace CanaryOperator.Engine.Validation;

/// <summary>How Go's <c>field.Invalid</c> prints the bad values we report (<c>%#v</c> or the type's Stringer).</summary>
internal static class GoRender
{
    /// <summary><c>metav1.LabelSelector</c> is a Stringer (gogo-protobuf style).</summary>
    public static string LabelSelector(V1LabelSelector selector)
    {
        var labels = string.Concat((selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}: {l.Value},"));
        var expressions = string.Concat((selector.MatchExpressions ?? []).Select(e =>
            $"LabelSelectorRequirement{{Key:{e.Key},Operator:{e.OperatorProperty},Values:[{string.Join(" ", e.Values ?? [])}],}},"));
        return $"&LabelSelector{{MatchLabels:map[string]string{{{labels}}},MatchExpressions:[]LabelSelectorRequirement{{{expressions}}},}}";
    }

    /// <summary><c>%#v</c> of a <c>map[string]string</c> (keys sorted, as fmt does).</summary>
    public static string StringMap(IDictionary<string, string>? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }

        var sb = new StringBuilder("map[string]string{");
        sb.AppendJoin(", ", map.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"\"{l.Key}\":\"{l.Value}\""));
        return sb.Append('}').ToString();
    }

    /// <summary><c>%#v</c> of an <c>intstr.IntOrString</c> value (not a pointer, so its Stringer is not used).</summary>
    public static string IntOrString(CanaryOperator.Api.Primitives.IntOrString? value) =>
        value is not { } v
            ? "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}"
            : v.IsString
                ? $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:\"{v.StringValue}\"}}"
                : $"intstr.IntOrString{{Type:0, IntVal:{v.IntValue.ToString(CultureInfo.InvariantCulture)}, StrVal:\"\"}}";

    public static string Bool(bool value) => value ? "true" : "false";
}
