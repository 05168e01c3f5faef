using FluentAssertions;

namespace CanaryOperator.Engine.Tests.Replicas;

/// <summary>
/// Asserts a vector's outcome while honouring an explicit, exact list of deliberate deviations: a listed
/// vector must still DIFFER from Argo's expectation (so the list cannot silently go stale), every other vector
/// must match.
/// </summary>
public static class KnownDeviations
{
    public static void Check<T>(IReadOnlyDictionary<string, string> deviations, string vectorName, T actual, T expected)
    {
        if (deviations.TryGetValue(vectorName, out var reason))
        {
            actual.Should().NotBe(expected, $"'{vectorName}' is listed as a deliberate deviation ({reason}); if it now matches, remove it from the list");
        }
        else
        {
            actual.Should().Be(expected, $"vector '{vectorName}'");
        }
    }
}
