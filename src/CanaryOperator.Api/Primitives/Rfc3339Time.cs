using System.Globalization;

namespace CanaryOperator.Api.Primitives;

/// <summary>
/// metav1.Time as Kubernetes writes it: RFC 3339 in UTC with whole seconds (<c>2026-01-02T15:04:05Z</c>).
/// Reading accepts any RFC 3339 form (fractions, offsets).
/// </summary>
public static class Rfc3339Time
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToText(DateTimeOffset value) =>
        value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static bool TryParse(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
