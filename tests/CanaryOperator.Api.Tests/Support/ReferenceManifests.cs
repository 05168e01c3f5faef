using CanaryOperator.TestSupport;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>
/// The manifests under shared/reference that the issue names as inputs: imesh-webinar/ and
/// argo-rollouts/{examples,e2e}/. Loaded in place; CRD documents (the webinar's vendored Argo install and
/// e2e/crds/istio.yaml) are skipped because they are schemas, not objects.
/// </summary>
public static class ReferenceManifests
{
    private static readonly string[] Folders =
    [
        "imesh-webinar",
        Path.Combine("argo-rollouts", "examples"),
        Path.Combine("argo-rollouts", "e2e"),
    ];

    private static readonly Lazy<IReadOnlyList<YamlDocument>> AllLazy = new(LoadAll);

    /// <summary>Every non-CRD document, in file order.</summary>
    public static IReadOnlyList<YamlDocument> All => AllLazy.Value;

    public static IEnumerable<YamlDocument> OfKind(string kind) => All.Where(d => d.Kind == kind);

    /// <summary>xunit rows: the label of every document of one of <paramref name="kinds"/>.</summary>
    public static TheoryData<string> LabelsOfKind(params string[] kinds)
    {
        var data = new TheoryData<string>();
        foreach (var doc in All.Where(d => kinds.Contains(d.Kind)))
        {
            data.Add(doc.Label);
        }

        return data;
    }

    public static YamlDocument ByLabel(string label) => All.Single(d => d.Label == label);

    private static List<YamlDocument> LoadAll()
    {
        var result = new List<YamlDocument>();
        foreach (var folder in Folders)
        {
            foreach (var file in YamlFile.FilesUnder(Path.Combine(RepoPaths.Reference, folder)))
            {
                var label = Path.GetRelativePath(RepoPaths.Reference, file).Replace('\\', '/');
                result.AddRange(YamlFile.Documents(file, label).Where(d => d.Kind != "CustomResourceDefinition"));
            }
        }

        return result;
    }
}
