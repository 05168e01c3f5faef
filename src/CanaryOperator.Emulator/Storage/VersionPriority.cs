using System.Text.RegularExpressions;

namespace CanaryOperator.Emulator.Storage;

/// <summary>Kubernetes version priority: GA &gt; beta &gt; alpha, higher numbers first (v1 &gt; v1beta1 &gt; v1alpha3).</summary>
public static partial class VersionPriority
{
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);

    private static int Compare(string a, string b)
    {
        var (ra, ma, na) = Parse(a);
        var (rb, mb, nb) = Parse(b);
        if (ra != rb)
        {
            return rb.CompareTo(ra);
        }

        if (ra == 0)
        {
            return string.CompareOrdinal(a, b);
        }

        return ma != mb ? mb.CompareTo(ma) : nb.CompareTo(na);
    }

    // rank 3 = GA, 2 = beta, 1 = alpha, 0 = not kube-like
    private static (int Rank, int Major, int Minor) Parse(string v)
    {
        var m = KubeVersion().Match(v);
        if (!m.Success)
        {
            return (0, 0, 0);
        }

        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (!m.Groups[2].Success)
        {
            return (3, major, 0);
        }

        var minor = int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (m.Groups[2].Value == "beta" ? 2 : 1, major, minor);
    }

    [GeneratedRegex("^v([0-9]+)(?:(alpha|beta)([0-9]+))?$")]
    private static partial Regex KubeVersion();
}
