namespace CanaryOperator.Engine.Hashing;

/// <summary>
/// apimachinery <c>util/rand.SafeEncodeString</c>: maps every character through a 27-letter alphabet without
/// vowels or look-alike digits, so hashes never spell words. Argo applies it to the DECIMAL text of the
/// 32-bit hash (e.g. "2308479515" → "674d8cf959").
/// </summary>
public static class SafeEncoding
{
    private const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";

    public static string EncodeString(string s)
    {
        var chars = new char[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            chars[i] = Alphanums[s[i] % Alphanums.Length];
        }

        return new string(chars);
    }

    /// <summary>The hash string Argo derives from a 32-bit sum: SafeEncode(decimal(sum)).</summary>
    public static string EncodeSum(uint sum32) =>
        EncodeString(sum32.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
