namespace CanaryOperator.TestSupport;

/// <summary>
/// Locates the repository root and the read-only <c>../shared</c> folder beside it, so tests load the
/// reference manifests and test vectors in place instead of keeping copies of them.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The folder holding CanaryOperator.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>The shared folder: <c>$CANARY_SHARED_DIR</c> if set, else <c>&lt;root&gt;/../shared</c>.</summary>
    public static string Shared
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("CANARY_SHARED_DIR");
            var dir = string.IsNullOrEmpty(fromEnv) ? Path.GetFullPath(Path.Combine(Root, "..", "shared")) : fromEnv;
            if (!Directory.Exists(dir))
            {
                throw new DirectoryNotFoundException(
                    $"The shared reference folder was not found at '{dir}'. Clone the repository beside shared/ or set CANARY_SHARED_DIR.");
            }

            return dir;
        }
    }

    /// <summary><c>shared/reference</c>.</summary>
    public static string Reference => Path.Combine(Shared, "reference");

    /// <summary><c>shared/reference/argo-rollouts/vectors</c>.</summary>
    public static string Vectors => Path.Combine(Reference, "argo-rollouts", "vectors");

    /// <summary>A path under the repository root.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CanaryOperator.sln")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new DirectoryNotFoundException("CanaryOperator.sln was not found above " + AppContext.BaseDirectory);
    }
}
