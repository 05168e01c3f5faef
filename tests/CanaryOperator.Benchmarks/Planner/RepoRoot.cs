namespace CanaryOperator.Benchmarks.Planner;

/// <summary>Finds the repository root (the folder holding CanaryOperator.slnx or .sln) from the working directory or the binary.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "examples")) && Directory.Exists(Path.Combine(dir.FullName, "crds")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("repository root (with examples/ and crds/) not found above the working directory");
    }
}
