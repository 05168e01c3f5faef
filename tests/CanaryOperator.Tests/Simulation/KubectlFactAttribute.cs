using CanaryOperator.TestSupport;
using Xunit;

namespace CanaryOperator.Tests.Simulation;

/// <summary>A fact skipped, with the reason shown, when no kubectl is installed (the sandbox is tested with the real one).</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (ExternalTools.Kubectl is null)
        {
            Skip = "kubectl is not installed ($KUBECTL, PATH, .tools/bin): the sandbox walkthrough test is skipped";
        }
    }
}
