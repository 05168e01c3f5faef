using CanaryOperator.TestSupport;

namespace CanaryOperator.KubectlPlugin.Tests.Executable;

/// <summary>The built <c>kubectl-canary</c> apphost in the plugin project's own output folder (same configuration as the tests).</summary>
public static class PluginBinary
{
    public static string Directory
    {
        get
        {
            // .../tests/CanaryOperator.KubectlPlugin.Tests/bin/<Configuration>/<tfm>/
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var dir = RepoPaths.InRepo("src", "CanaryOperator.KubectlPlugin", "bin", configuration, framework);
            if (!File.Exists(Path.Combine(dir, "kubectl-canary")))
            {
                throw new FileNotFoundException($"kubectl-canary was not built into {dir}");
            }

            return dir;
        }
    }
}
