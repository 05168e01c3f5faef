namespace CanaryOperator.Engine.Pauses;

/// <summary>
/// Go's <c>time.ParseDuration</c>, reimplemented exactly: a signed sequence of decimal numbers, each with an
/// optional fraction and a mandatory unit (ns, us, µs, μs, ms, s, m, h); "0" alone needs no unit. The result is
/// whole nanoseconds; fractions are truncated the way Go truncates them and overflow past int64 is an error.
/// </summary>
public static class GoDuration
{
    private const ulong MaxMagnitude = 1UL << 63;

    /// <summary>Parses <paramref name="text"/>; false when Go would return an error.</summary>
    public static bool TryParseNanoseconds(string? text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        ulong total = 0;
        while (!s.IsEmpty)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
            {
                return false;
            }

            var before = s.Length;
            if (!TryLeadingInt(ref s, out var whole))
            {
                return false;
            }

            var hasWhole = before != s.Length;
            ulong fraction = 0;
            double scale = 1;
            var hasFraction = false;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                var beforeFraction = s.Length;
                LeadingFraction(ref s, out fraction, out scale);
                hasFraction = beforeFraction != s.Length;
            }

            if (!hasWhole && !hasFraction)
            {
                return false;
            }

            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength]))
            {
                unitLength++;
            }

            if (unitLength == 0 || !TryUnit(s[..unitLength], out var unit))
            {
                return false;
            }

            s = s[unitLength..];
            if (whole > MaxMagnitude / unit)
            {
                return false;
            }

            whole *= unit;
            if (fraction > 0)
            {
                whole += (ulong)(fraction * (unit / scale));
                if (whole > MaxMagnitude)
                {
                    return false;
                }
            }

            total += whole;
            if (total > MaxMagnitude)
            {
                return false;
            }
        }

        if (negative)
        {
            nanoseconds = total == MaxMagnitude ? long.MinValue : -(long)total;
            return true;
        }

        if (total > MaxMagnitude - 1)
        {
            return false;
        }

        nanoseconds = (long)total;
        return true;
    }

    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (value > (MaxMagnitude - 1) / 10)
            {
                return false;
            }

            value = (value * 10) + (ulong)(s[i] - '0');
            if (value > MaxMagnitude)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    // Go keeps consuming digits after the fraction would overflow but stops accumulating them.
    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong value, out double scale)
    {
        value = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (value > (MaxMagnitude - 1) / 10)
            {
                overflow = true;
                continue;
            }

            var next = (value * 10) + (ulong)(s[i] - '0');
            if (next > MaxMagnitude)
            {
                overflow = true;
                continue;
            }

            value = next;
            scale *= 10;
        }

        s = s[i..];
    }

    private static bool TryUnit(ReadOnlySpan<char> unit, out ulong nanoseconds)
    {
        nanoseconds = unit switch
        {
            "ns" => 1UL,
            "us" or "\u00b5s" or "\u03bcs" => 1_000UL,
            "ms" => 1_000_000UL,
            "s" => 1_000_000_000UL,
            "m" => 60UL * 1_000_000_000UL,
            "h" => 3600UL * 1_000_000_000UL,
            _ => 0UL,
        };
        return nanoseconds != 0;
    }
}
