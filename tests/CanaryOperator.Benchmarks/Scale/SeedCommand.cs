using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Benchmarks.Planner;
using CanaryOperator.Engine.Commands;
using k8s;
using k8s.Models;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// <c>seed [--qps 40 --burst 80 --operator PATH]</c>, figure 5: every API call the operator makes for one complete
/// rollout of <c>examples/istio-subset</c>. Starts the emulator (own process), applies the example (not the
/// Gateway: no Gateway CRD is served, and the operator never reads it), lets the operator adopt it, clears the audit
/// log, changes the image, promotes the indefinite pause once as a user would (<c>kubectl argo rollouts promote</c>
/// sends <c>{"status":{"pauseConditions":null}}</c> here), waits until the new revision is stable and the old
/// ReplicaSet is scaled to 0, and prints the calls by verb and resource, the driver's own marked <c>driver</c>, and the
/// Events the rollout created by involved kind and reason.
/// </summary>
internal static class SeedCommand
{
    private const string Namespace = "istio-argo-rollouts";
    private const string RolloutName = "rollouts-demo";

    public static async Task<int> RunAsync(CommandArgs args)
    {
        var operatorDll = args.Get("operator") ?? Path.Combine(RepoRoot.Find(), "src", "CanaryOperator", "bin", "Release", "net10.0", "canary-operator.dll");
        var work = Directory.CreateTempSubdirectory("canary-bench-seed-").FullName;
        await using var emulator = await EmulatorProcess.StartAsync(Path.Combine(work, "kubeconfig")).ConfigureAwait(false);
        using var client = BenchClient.Create(emulator.Kubeconfig);
        await Population.CreateCrdsAsync(client).ConfigureAwait(false);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Find(), "examples", "istio-subset"), "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var doc in YamlDocuments.Parse(await File.ReadAllTextAsync(file).ConfigureAwait(false)).OfType<JsonObject>())
            {
                await CreateAsync(client, doc).ConfigureAwait(false);
            }
        }

        using var op = OperatorProcess.Start(operatorDll, emulator.Kubeconfig, FreePort(), args.Double("qps", 40), args.Int("burst", 80), 2, Path.Combine(work, "operator.log"));
        var timeout = TimeSpan.FromMinutes(10);
        await DriverActions.WaitAsync(async () => await ClusterState.ReadAsync(emulator, 1).ConfigureAwait(false) is { Settled: 1, ActiveReplicaSets: 1 }, timeout, op, TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        var adoption = await emulator.CommandAsync("audit-summary").ConfigureAwait(false);
        await emulator.CommandAsync("audit-clear").ConfigureAwait(false);
        var adoptionEvents = (await client.EventsV1.ListNamespacedEventAsync(Namespace).ConfigureAwait(false)).Items.Select(e => e.Metadata.Name).ToHashSet(StringComparer.Ordinal);

        var clock = Stopwatch.StartNew();
        var image = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"rollouts-demo","image":"argoproj/rollouts-demo:yellow"}]}}}}""", V1Patch.PatchType.StrategicMergePatch);
        await client.AppsV1.PatchNamespacedDeploymentAsync(image, "rollouts-demo-deployment", Namespace).ConfigureAwait(false);
        await DriverActions.WaitAsync(async () => await ClusterState.ReadAsync(emulator, 1).ConfigureAwait(false) is { Paused: 1 }, timeout, op, TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        var promote = new V1Patch(RolloutCommands.ClearPauseConditionsPatch, V1Patch.PatchType.MergePatch);
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(promote, "argoproj.io", "v1alpha1", Namespace, "rollouts", RolloutName).ConfigureAwait(false);
        await DriverActions.WaitAsync(
            async () => await ClusterState.ReadAsync(emulator, 2).ConfigureAwait(false) is { Settled: 1, ReplicaSets: 2, ActiveReplicaSets: 1 }, timeout, op, TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        var completed = clock.Elapsed;

        // A quiet period after completion: any write here would be one that changes nothing.
        await Task.Delay(TimeSpan.FromSeconds(args.Int("quiet-seconds", 15))).ConfigureAwait(false);
        var rollout = await emulator.CommandAsync("audit-summary").ConfigureAwait(false);

        // Which Events the rollout created (figure 5 counts them; this says what they are): one per reason.
        var rolloutEvents = (await client.EventsV1.ListNamespacedEventAsync(Namespace).ConfigureAwait(false)).Items
            .Where(e => !adoptionEvents.Contains(e.Metadata.Name))
            .GroupBy(e => $"{e.Regarding?.Kind} {e.Reason}", StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var line in adoption)
        {
            Console.WriteLine("adoption calls: " + line);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rollout from image change to stable + old ReplicaSet at 0: {completed.TotalSeconds:F1} s (pauses: 3 x 10 s, scaleDownDelaySeconds 30 s)"));
        foreach (var line in rollout)
        {
            Console.WriteLine("rollout calls: " + line);
        }

        foreach (var group in rolloutEvents)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rollout events: {group.Count()} {group.Key}"));
        }

        // Whole process (adoption included): how reconciles ended, e.g. result="waiting" for the DestinationRule switch
        // waiting for the canary pods, and whether any failed.
        var results = await op.MetricByLabelAsync("controller_runtime_reconcile_total", "result").ConfigureAwait(false);
        Console.WriteLine("reconciles by result (whole run): " + string.Join(", ", results.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}"))));
        var errors = await op.MetricSumAsync("controller_runtime_reconcile_errors_total").ConfigureAwait(false) ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reconcile errors (whole run): {errors}"));

        Console.WriteLine($"logs: {work}");
        return 0;
    }

    private static async Task CreateAsync(IKubernetes client, JsonObject doc)
    {
        var apiVersion = (string?)doc["apiVersion"] ?? "";
        var kind = (string?)doc["kind"] ?? "";
        var ns = (string?)doc["metadata"]?["namespace"];
        switch (kind)
        {
            case "Namespace":
                await client.CoreV1.CreateNamespaceAsync(KubernetesJson.Deserialize<V1Namespace>(doc.ToJsonString())).ConfigureAwait(false);
                return;
            case "Service":
                await client.CoreV1.CreateNamespacedServiceAsync(KubernetesJson.Deserialize<V1Service>(doc.ToJsonString()), ns).ConfigureAwait(false);
                return;
            case "Gateway":
                return;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var plural = kind.ToLowerInvariant() + (kind.EndsWith('s') ? "es" : "s");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            JsonSerializer.Deserialize<JsonElement>(doc.ToJsonString()), apiVersion[..slash], apiVersion[(slash + 1)..], ns, plural).ConfigureAwait(false);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
