using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator;
using CanaryOperator.Emulator.Patching;
using CanaryOperator.TestSupport;
using k8s;
using k8s.Models;

namespace CanaryOperator.KubectlPlugin.Tests.Support;

/// <summary>
/// An emulator with our Rollout CRD (<c>crds/rollouts.argoproj.io.yaml</c>), a setup client, and the plugin's
/// client wrapped in a <see cref="RecordingHandler"/>; runs the plugin in process through <see cref="KubectlCanary.RunAsync"/>.
/// </summary>
public sealed class PluginHarness : IAsyncDisposable
{
    public const string Ns = "default";

    // The CRD YAML is large: parse it once per test run.
    private static readonly Lazy<string> CrdJson = new(() =>
        YamlToJson.ParseAll(File.ReadAllText(RepoPaths.InRepo("crds", "rollouts.argoproj.io.yaml")))
            .Single(d => d["kind"]?.GetValue<string>() == "CustomResourceDefinition").ToJsonString());

    private PluginHarness(KubeApiEmulator api, RecordingHandler recorder, Kubernetes client, Kubernetes admin)
    {
        Api = api;
        Recorder = recorder;
        Client = client;
        Admin = admin;
    }

    public KubeApiEmulator Api { get; }

    public RecordingHandler Recorder { get; }

    /// <summary>The client handed to the plugin (its requests are recorded).</summary>
    public Kubernetes Client { get; }

    /// <summary>The client tests set objects up with.</summary>
    public Kubernetes Admin { get; }

    public TimeProvider Clock { get; set; } = new FixedClock(new DateTimeOffset(2026, 11, 27, 11, 0, 0, TimeSpan.Zero));

    /// <param name="statusSubresource">false = a CRD without <c>subresources.status</c> (Argo v0.9), to exercise the fallback.</param>
    public static async Task<PluginHarness> StartAsync(bool kestrel = false, bool statusSubresource = true)
    {
        var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = kestrel, SimulateReplicaSets = false, SimulateHpa = false });
        var recorder = new RecordingHandler();
        var config = new KubernetesClientConfiguration { Host = api.BaseUrl };
        var client = new Kubernetes(config, recorder, api.CreateHandler());
        var admin = api.CreateClient();
        var crd = JsonNode.Parse(CrdJson.Value)!;
        if (!statusSubresource)
        {
            foreach (var version in crd["spec"]!["versions"]!.AsArray())
            {
                (version!["subresources"] as JsonObject)?.Remove("status");
            }
        }

        await admin.CustomObjects.CreateClusterCustomObjectAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions");
        return new PluginHarness(api, recorder, client, admin);
    }

    /// <summary>Creates the rollout, then writes <paramref name="status"/> through /status as the controller would; returns its UID.</summary>
    public async Task<string> CreateRolloutAsync(JsonObject rollout, JsonObject? status = null)
    {
        var created = (JsonElement)await Admin.CustomObjects.CreateNamespacedCustomObjectAsync(rollout, "argoproj.io", "v1alpha1", Ns, "rollouts");
        var name = rollout["metadata"]!["name"]!.GetValue<string>();
        if (status is not null)
        {
            var body = new JsonObject { ["status"] = status }.ToJsonString();
            await Admin.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(body, V1Patch.PatchType.MergePatch), "argoproj.io", "v1alpha1", Ns, "rollouts", name);
        }

        return created.GetProperty("metadata").GetProperty("uid").GetString()!;
    }

    public async Task CreateReplicaSetAsync(JsonObject replicaSet)
    {
        var rs = KubernetesJson.Deserialize<V1ReplicaSet>(replicaSet.ToJsonString());
        rs.Status = null;
        await Admin.AppsV1.CreateNamespacedReplicaSetAsync(rs, Ns);
        var body = new JsonObject { ["status"] = replicaSet["status"]!.DeepClone() }.ToJsonString();
        await Admin.AppsV1.PatchNamespacedReplicaSetStatusAsync(new V1Patch(body, V1Patch.PatchType.MergePatch), rs.Metadata.Name, Ns);
    }

    public async Task<PluginRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KubectlCanary.RunAsync(args, Client, output, error, Clock);
        return new PluginRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The stored rollout, straight from the emulator's store.</summary>
    public JsonObject Stored(string name) => Api.Get("argoproj.io", "rollouts", Ns, name) ?? throw new InvalidOperationException(name + " is not stored");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await Api.DisposeAsync();
    }
}
