using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Emulator;
using CanaryOperator.Emulator.Patching;
using CanaryOperator.Hosting;
using CanaryOperator.Runtime.Leadership;
using CanaryOperator.TestSupport;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using RolloutResource = CanaryOperator.Api.Rollouts.Rollout;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// An API emulator on a virtual clock with our Rollout CRD and Istio's CRDs installed, a client for the test's own
/// gestures (apply, kubectl-style patches) and helpers to run the REAL operator (<see cref="OperatorHost"/>) against it.
/// Time only moves when the test advances it (<see cref="RunUntilAsync"/>), so pauses and delays cost no wall time.
/// </summary>
internal sealed class Testbed : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<OperatorHost> _operators = [];

    private Testbed(KubeApiEmulator emulator, FakeTimeProvider clock, bool overHttp)
    {
        Emulator = emulator;
        Clock = clock;
        OverHttp = overHttp;
        Client = emulator.CreateClient(overHttp);
        Http = emulator.CreateHttpClient(overHttp);
    }

    public KubeApiEmulator Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public bool OverHttp { get; }

    /// <summary>The test's own client (not the operator's): applies manifests and plays the user.</summary>
    public Kubernetes Client { get; }

    public HttpClient Http { get; }

    public static async Task<Testbed> StartAsync(bool overHttp = true, TimeSpan? podReadyDelay = null, bool simulateHpa = false)
    {
        var clock = new FakeTimeProvider(Epoch);
        var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions
        {
            Clock = clock,
            UseKestrel = overHttp,
            DefaultPodReadyDelay = podReadyDelay ?? TimeSpan.FromSeconds(1),
            SimulateHpa = simulateHpa,
        });
        var bed = new Testbed(emulator, clock, overHttp);
        await bed.ApplyFileAsync(RepoPaths.InRepo("crds", "rollouts.argoproj.io.yaml"));
        await bed.ApplyFileAsync(Path.Combine(RepoPaths.Reference, "istio-crds", "virtualservice.yaml"));
        await bed.ApplyFileAsync(Path.Combine(RepoPaths.Reference, "istio-crds", "destinationrule.yaml"));
        return bed;
    }

    /// <summary>
    /// Builds and starts an operator on its own client. <paramref name="intercept"/> sits in front of the emulator
    /// (fault tests, write budgets).
    /// </summary>
    public async Task<OperatorHost> StartOperatorAsync(
        OperatorOptions? options = null, DelegatingHandler? intercept = null, bool overHttp = false, ILeadershipLostHandler? onLeadershipLost = null)
    {
        var config = new KubernetesClientConfiguration { Host = Emulator.BaseUrl };
        var handlers = new List<DelegatingHandler>();
        if (intercept is not null)
        {
            handlers.Add(intercept);
        }

        if (!overHttp || !OverHttp)
        {
            handlers.Add(Emulator.CreateHandler());
        }

        var client = new Kubernetes(config, [.. handlers]);
        var host = OperatorHost.Build(options ?? new OperatorOptions { Workers = 2 }, client, Clock, onLeadershipLost: onLeadershipLost);
        _operators.Add(host);
        await host.StartAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.WaitForSyncAsync(cts.Token);
        return host;
    }

    public async Task StopOperatorAsync(OperatorHost host)
    {
        await host.StopAsync(CancellationToken.None);
        await host.DisposeAsync();
        _operators.Remove(host);
    }

    /// <summary>
    /// Moves virtual time in <paramref name="step"/>s, letting the operator and the emulator settle (real time) between
    /// steps, until <paramref name="condition"/> holds. Fails after <paramref name="maxVirtual"/> of virtual time.
    /// </summary>
    public async Task RunUntilAsync(Func<bool> condition, TimeSpan maxVirtual, string what, TimeSpan? step = null)
    {
        var deadline = Clock.GetUtcNow() + maxVirtual;
        var increment = step ?? TimeSpan.FromMilliseconds(500);
        while (true)
        {
            await SettleAsync();
            if (condition())
            {
                return;
            }

            if (Clock.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"not reached within {maxVirtual} of virtual time: {what}\n{Describe()}");
            }

            Clock.Advance(increment);
        }
    }

    /// <summary>Moves virtual time forward by <paramref name="total"/> in steps, settling after each.</summary>
    public async Task AdvanceAsync(TimeSpan total, TimeSpan? step = null)
    {
        var end = Clock.GetUtcNow() + total;
        var increment = step ?? TimeSpan.FromSeconds(1);
        while (Clock.GetUtcNow() < end)
        {
            await SettleAsync();
            var left = end - Clock.GetUtcNow();
            Clock.Advance(left < increment ? left : increment);
        }

        await SettleAsync();
    }

    /// <summary>Gives the operator's workers, watches and the emulator's simulators real time to process what is pending.</summary>
    public async Task SettleAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            await Task.Delay(i < 2 ? 5 : 10);
            if (_operators.TrueForAll(o => o.IsIdle) && i >= 2)
            {
                await Task.Delay(10);
                if (_operators.TrueForAll(o => o.IsIdle))
                {
                    return;
                }
            }
        }
    }

    // ---- the user's gestures -------------------------------------------------------------------------------------

    public async Task ApplyFileAsync(string path) => await ApplyAsync(await File.ReadAllTextAsync(path));

    /// <summary>Creates every document of a YAML stream (kubectl create); kinds the emulator does not serve are skipped.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(string yaml, string? defaultNamespace = null)
    {
        var skipped = new List<string>();
        foreach (var doc in YamlToJson.ParseAll(yaml).OfType<JsonObject>())
        {
            var apiVersion = doc["apiVersion"]!.GetValue<string>();
            var kind = doc["kind"]!.GetValue<string>();
            var meta = (JsonObject)doc["metadata"]!;
            var ns = meta["namespace"]?.GetValue<string>() ?? defaultNamespace;
            var plural = kind.ToLowerInvariant() switch
            {
                "customresourcedefinition" => "customresourcedefinitions",
                var k => k + "s",
            };
            var prefix = apiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
            var clusterScoped = kind is "Namespace" or "CustomResourceDefinition";
            if (!clusterScoped)
            {
                ns ??= "default";
                meta["namespace"] = ns;
                Emulator.EnsureNamespace(ns);
            }

            var path = clusterScoped ? $"{prefix}/{plural}" : $"{prefix}/namespaces/{ns}/{plural}";
            using var content = new StringContent(doc.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync(path, content);
            if (response.StatusCode == HttpStatusCode.NotFound && kind is not ("Namespace" or "CustomResourceDefinition"))
            {
                skipped.Add(kind);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.Conflict && kind == "Namespace")
            {
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"create {kind} {meta["name"]} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        return skipped;
    }

    public Task SetDeploymentImageAsync(string ns, string name, string image, int container = 0) =>
        Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch($$"""[{"op":"replace","path":"/spec/template/spec/containers/{{container}}/image","value":"{{image}}"}]""", V1Patch.PatchType.JsonPatch),
            name, ns);

    /// <summary><c>kubectl patch rollout NAME --subresource status --type merge -p BODY</c>.</summary>
    public Task PatchRolloutStatusAsync(string ns, string name, string body) =>
        Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(body, V1Patch.PatchType.MergePatch), RolloutResource.Group, RolloutResource.Version, ns, RolloutResource.Plural, name);

    public Task PatchRolloutAsync(string ns, string name, string body) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(body, V1Patch.PatchType.MergePatch), RolloutResource.Group, RolloutResource.Version, ns, RolloutResource.Plural, name);

    // ---- reading the cluster (straight from the emulator's store) --------------------------------------------------

    public JsonObject? Rollout(string ns, string name) => Emulator.Get("argoproj.io", "rollouts", ns, name);

    public string? Phase(string ns, string name) => Rollout(ns, name)?["status"]?["phase"]?.GetValue<string>();

    public JsonObject? VirtualService(string ns, string name) => Emulator.Get("networking.istio.io", "virtualservices", ns, name);

    public JsonObject? DestinationRule(string ns, string name) => Emulator.Get("networking.istio.io", "destinationrules", ns, name);

    public JsonObject? Service(string ns, string name) => Emulator.Get("", "services", ns, name);

    public JsonObject? Deployment(string ns, string name) => Emulator.Get("apps", "deployments", ns, name);

    /// <summary>The ReplicaSets whose controller owner is the Rollout, oldest revision first.</summary>
    public IReadOnlyList<JsonObject> ReplicaSets(string ns, string rollout) =>
        [.. Emulator.Store.List("replicasets.apps", ns).Items
            .Where(rs => (rs["metadata"]?["ownerReferences"] as JsonArray ?? [])
                .Any(o => o?["kind"]?.GetValue<string>() == "Rollout" && o?["name"]?.GetValue<string>() == rollout))
            .OrderBy(rs => long.Parse(rs["metadata"]?["annotations"]?[RolloutAnnotations.Revision]?.GetValue<string>() ?? "0", System.Globalization.CultureInfo.InvariantCulture))];

    public int PodCount(string ns, string hash) =>
        Emulator.Store.List("pods", ns).Items.Count(p => p["metadata"]?["labels"]?[RolloutLabels.PodTemplateHash]?.GetValue<string>() == hash
                                                         && p["metadata"]?["deletionTimestamp"] is null);

    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var (key, obj) in Emulator.Store.Snapshot())
        {
            if (key is "rollouts.argoproj.io" or "replicasets.apps" or "virtualservices.networking.istio.io" or "destinationrules.networking.istio.io" or "services")
            {
                var status = key == "rollouts.argoproj.io" ? obj["status"]?.ToJsonString() : null;
                sb.AppendLine($"{key} {obj["metadata"]?["name"]}: spec={Trim(obj["spec"]?.ToJsonString())} status={Trim(status ?? obj["status"]?.ToJsonString())}");
            }
        }

        return sb.ToString();

        static string? Trim(string? s) => s is { Length: > 700 } ? s[..700] + "…" : s;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var op in _operators.ToList())
        {
            await StopOperatorAsync(op);
        }

        Client.Dispose();
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
