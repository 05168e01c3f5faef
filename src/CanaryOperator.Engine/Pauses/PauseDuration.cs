using System.Globalization;
using CanaryOperator.Api.Primitives;

namespace CanaryOperator.Engine.Pauses;

/// <summary>
/// Seconds of a pause step, mirroring <c>types.go:RolloutPause.DurationSeconds</c> (semantics §2.1).
/// </summary>
public static class PauseDuration
{
    /// <summary>What Argo returns for a string it cannot parse; validation rejects any negative value.</summary>
    public const long Unparseable = -1;

    /// <summary>
    /// absent → 0; int → itself; string → first a base-10 int32 ("10" is ten seconds), else Go
    /// <c>time.ParseDuration</c> truncated to whole seconds ("1ms" → 0, "1.5h" → 5400); anything else → −1
    /// (so "20000000000", which overflows int32 and has no unit, is −1 too).
    /// </summary>
    public static long Seconds(IntOrString? duration)
    {
        if (duration is not { } value)
        {
            return 0;
        }

        if (!value.IsString)
        {
            return value.IntValue;
        }

        var text = value.StringValue!;
        if (TryParseGoInt32(text, out var seconds))
        {
            return seconds;
        }

        if (!GoDuration.TryParseNanoseconds(text, out var nanoseconds))
        {
            return Unparseable;
        }

        // Go converts Duration.Seconds() (a float) to int32: truncation toward zero, and on amd64 an out-of-range
        // value becomes int32 min — negative, so validation rejects pauses longer than ~68 years.
        var whole = nanoseconds / 1_000_000_000L;
        return whole is > int.MaxValue or < int.MinValue ? int.MinValue : whole;
    }

    // strconv.ParseInt(s, 10, 32): optional sign, ASCII digits only, must fit in int32.
    private static bool TryParseGoInt32(string text, out int value)
    {
        value = 0;
        var digits = text.AsSpan();
        if (digits.Length > 0 && (digits[0] == '+' || digits[0] == '-'))
        {
            digits = digits[1..];
        }

        if (digits.IsEmpty || !digits.ContainsOnlyAsciiDigits())
        {
            return false;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}

internal static class SpanDigits
{
    public static bool ContainsOnlyAsciiDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
