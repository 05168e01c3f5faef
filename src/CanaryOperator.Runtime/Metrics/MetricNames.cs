namespace CanaryOperator.Runtime.Metrics;

internal static class MetricNames
{
    /// <summary>Prometheus names: [a-zA-Z_:][a-zA-Z0-9_:]*.</summary>
    public static void Validate(string name)
    {
        var valid = name.Length > 0 && !char.IsAsciiDigit(name[0])
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
        if (!valid)
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus name", nameof(name));
        }
    }
}
