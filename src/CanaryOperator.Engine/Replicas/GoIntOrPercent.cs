using System.Globalization;
using CanaryOperator.Api.Primitives;

namespace CanaryOperator.Engine.Replicas;

/// <summary>
/// Mirrors apimachinery's deprecated <c>intstr.GetValueFromIntOrPercent</c>, which Argo Rollouts uses for
/// maxSurge/maxUnavailable: an int is absolute, and ANY string is a percentage once every '%' is removed
/// ("25" ≡ "25%"). The percentage is taken of <c>total</c> in float64 and rounded up or down.
/// </summary>
public static class GoIntOrPercent
{
    /// <exception cref="FormatException">The string form is not a base-10 integer after removing '%'.</exception>
    public static int Resolve(IntOrString value, int total, bool roundUp)
    {
        if (!value.IsString)
        {
            return value.IntValue;
        }

        var percent = ParsePercent(value.StringValue!)
            ?? throw new FormatException($"invalid value for IntOrString: invalid value \"{value.StringValue}\"");

        // Same operation order as Go: float64(value) * float64(total) / 100.
        var scaled = (double)percent * total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }

    /// <summary>Go <c>strconv.Atoi(strings.Replace(s, "%", "", -1))</c>; null where Go returns an error.</summary>
    public static int? ParsePercent(string text) => GoAtoi(text.Replace("%", "", StringComparison.Ordinal));

    /// <summary>Go <c>strconv.Atoi</c>: optional sign, ASCII digits only, no spaces, must fit the int.</summary>
    public static int? GoAtoi(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var digits = text[0] is '+' or '-' ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length == 0)
        {
            return null;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return null;
            }
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
