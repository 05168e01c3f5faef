using CanaryOperator.TestSupport;
using Xunit;

namespace CanaryOperator.KubectlPlugin.Tests.Executable;

/// <summary>A fact skipped, with the reason shown, when no kubectl is installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (ExternalTools.Kubectl is null)
        {
            Skip = "kubectl is not installed ($KUBECTL, PATH, .tools/bin): the real `kubectl canary` test is skipped";
        }
    }
}
