using System.Globalization;

namespace CanaryOperator.Engine.Validation;

/// <summary>The kinds of <c>k8s.io/apimachinery/pkg/util/validation/field.ErrorType</c> we produce.</summary>
public enum FieldErrorType
{
    Required,
    Invalid,
    Forbidden,
    Internal,
    NotFound,
}

/// <summary>
/// A Go <c>field.Error</c>: <c>&lt;field&gt;: &lt;type&gt;[: &lt;value&gt;]: &lt;detail&gt;</c>, e.g.
/// <c>spec.strategy.steps[0].setWeight: Invalid value: 101: SetWeight needs to be between 0 and 100</c>.
/// <see cref="BadValue"/> is the value already rendered the way Go prints it (numbers and bools bare, strings
/// quoted with <c>%q</c>); use the factory methods.
/// </summary>
public sealed record FieldError(FieldErrorType Type, string Field, string? BadValue, string Detail)
{
    public static FieldError Required(string field, string detail) => new(FieldErrorType.Required, field, null, detail);

    public static FieldError Internal(string field, string detail) => new(FieldErrorType.Internal, field, null, detail);

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    public static FieldError Invalid(string field, long value, string detail) =>
        new(FieldErrorType.Invalid, field, value.ToString(CultureInfo.InvariantCulture), detail);

    public static FieldError Invalid(string field, bool value, string detail) => new(FieldErrorType.Invalid, field, value ? "true" : "false", detail);

    public static FieldError Invalid(string field, string? value, string detail) =>
        new(FieldErrorType.Invalid, field, value is null ? "null" : GoQuote(value), detail);

    /// <summary>An Invalid error whose value Go prints with <c>%#v</c> or a Stringer (passed pre-rendered).</summary>
    public static FieldError InvalidRendered(string field, string renderedValue, string detail) => new(FieldErrorType.Invalid, field, renderedValue, detail);

    public static FieldError NotFound(string field, string? value) => new(FieldErrorType.NotFound, field, value is null ? "null" : GoQuote(value), "");

    /// <summary><c>field.Error.Error()</c>.</summary>
    public override string ToString()
    {
        var body = Type switch
        {
            FieldErrorType.Required => "Required value",
            FieldErrorType.Forbidden => "Forbidden",
            FieldErrorType.Internal => "Internal error",
            FieldErrorType.NotFound => $"Not found: {BadValue}",
            _ => $"Invalid value: {BadValue}",
        };
        return Detail.Length == 0 ? $"{Field}: {body}" : $"{Field}: {body}: {Detail}";
    }

    /// <summary>The InvalidSpec condition message the controller writes for the first error (§8.6).</summary>
    public static string InvalidSpecMessage(string rolloutName, FieldError error) => $"The Rollout \"{rolloutName}\" is invalid: {error}";

    // Go's %q for the printable ASCII/UTF-8 text found in specs: quotes and backslashes escaped.
    private static string GoQuote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
