using CanaryOperator.Engine.Commands;
using CanaryOperator.Hosting;
using CanaryOperator.Security;
using CanaryOperator.Tests.EndToEnd;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace CanaryOperator.Tests.Packaging;

/// <summary>
/// The permission table against what the real operator does: run it (with leader election) through the seed
/// scenario on the API emulator, record every request its client sends, and check each one is allowed by
/// <see cref="ApiPermissions.All"/> — so a new adapter call without a table row fails here, before it is a 403
/// in a cluster. Table rows the scenario does not exercise are printed, not failed (e.g. workloadRef scale-down
/// modes and host-level Service selectors need other scenarios).
/// </summary>
public sealed class ObservedApiCallsTests(ITestOutputHelper output)
{
    private const string OperatorNamespace = "canary-operator";

    /// <summary>
    /// Table verbs the seed scenario does not reach, each with the adapter call that needs it (checked by reading
    /// the code: the scenario keeps two revisions, uses no workloadRef scale-down and no host-level split).
    /// </summary>
    private static readonly Dictionary<(string Group, string Resource, string Verb), string> CalledOutsideTheSeedScenario = new()
    {
        [("apps", "replicasets", "delete")] = "ReplicaSetWriter deletes revisions beyond revisionHistoryLimit",
        [("apps", "deployments", "patch")] = "DeploymentScaler patches spec.replicas for workloadRef.scaleDown",
        [("", "services", "patch")] = "ServiceSelectorWriter patches the canary/stable selectors for host-level splits",
        [("", "pods", "patch")] = "PodMetadataWriter carries canaryMetadata/stableMetadata over to running pods (the seed has none)",
    };

    [Fact]
    public async Task Every_call_of_the_seed_scenario_is_in_the_permission_table()
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(SeedScenario.Load().Yaml);
        bed.Emulator.EnsureNamespace(OperatorNamespace);
        using var recorder = new ApiCallRecorder();
        var op = await bed.StartOperatorAsync(
            new OperatorOptions { Workers = 2, LeaderElect = true, LeaseNamespace = OperatorNamespace, Identity = "canary-operator-0" },
            intercept: recorder);
        await WaitForAsync(() => op.Running, TimeSpan.FromSeconds(30), "the operator leads");

        const string ns = SeedScenario.Namespace;
        const string name = SeedScenario.RolloutName;
        var minute = TimeSpan.FromMinutes(1);
        await bed.RunUntilAsync(() => bed.Phase(ns, name) == "Healthy", minute, "first revision Healthy");
        await bed.SetDeploymentImageAsync(ns, SeedScenario.Deployment, "argoproj/rollouts-demo:red");
        await bed.RunUntilAsync(() => bed.Phase(ns, name) == "Paused", minute, "paused at the first pause step");
        await bed.PatchRolloutStatusAsync(ns, name, RolloutCommands.ClearPauseConditionsPatch);
        await bed.RunUntilAsync(() => bed.Phase(ns, name) == "Healthy" &&
                                      bed.Rollout(ns, name)?["status"]?["stableRS"]?.GetValue<string>() ==
                                      bed.Rollout(ns, name)?["status"]?["currentPodHash"]?.GetValue<string>(),
            TimeSpan.FromMinutes(10), "promoted to the new revision", TimeSpan.FromSeconds(1));
        // kubectl canary restart: the pods are listed and evicted one by one.
        var rollout = Api.Serialization.ApiJson.Deserialize<Api.Rollouts.Rollout>(bed.Rollout(ns, name)!);
        await bed.AdvanceAsync(TimeSpan.FromSeconds(2));
        await bed.PatchRolloutAsync(ns, name, RolloutCommands.Restart(rollout, bed.Clock.GetUtcNow()).SpecPatch!.Body);
        await bed.RunUntilAsync(() => bed.Rollout(ns, name)?["status"]?["restartedAt"] is not null, TimeSpan.FromMinutes(3), "restart done", TimeSpan.FromSeconds(1));
        await bed.StopOperatorAsync(op);

        var calls = recorder.Calls.Where(c => !c.IsNonResource).Distinct().ToList();
        calls.Select(c => (c.Resource, c.Verb)).Should().Contain(
            [("rollouts", "watch"), ("rollouts/status", "patch"), ("replicasets", "create"), ("virtualservices", "patch"), ("leases", "create"),
             ("pods", "list"), ("pods/eviction", "create")],
            "the recorder must see the scenario's calls");
        calls.Where(c => !Allowed(c)).Select(c => c.ToString()).Should().BeEmpty("every call needs a row in ApiPermissions");

        var unexercised = ApiPermissions.All.SelectMany(p => p.Verbs.Select(v => (p.Group, p.Resource, Verb: v)))
            .Where(t => !calls.Any(c => c.Group == t.Group && c.Resource == t.Resource && c.Verb == t.Verb))
            .ToList();
        foreach (var unused in unexercised)
        {
            output.WriteLine($"not exercised by this scenario: {unused.Verb} {unused.Group}/{unused.Resource}");
        }

        unexercised.Should().BeSubsetOf(CalledOutsideTheSeedScenario.Keys,
            "a table verb the scenario never sends must be one some other code path sends; otherwise drop the grant");
    }

    [Fact]
    public void Requests_map_to_rbac_attributes()
    {
        ObservedApiCall.From(HttpMethod.Get, new Uri("http://x/apis/argoproj.io/v1alpha1/rollouts?watch=true&timeoutSeconds=300"))
            .Should().Be(new ObservedApiCall("watch", "argoproj.io", "rollouts", null, false));
        ObservedApiCall.From(HttpMethod.Patch, new Uri("http://x/apis/argoproj.io/v1alpha1/namespaces/a/rollouts/r/status"))
            .Should().Be(new ObservedApiCall("patch", "argoproj.io", "rollouts/status", "a", false));
        ObservedApiCall.From(HttpMethod.Get, new Uri("http://x/api/v1/namespaces/a/services?limit=500"))
            .Should().Be(new ObservedApiCall("list", "", "services", "a", false));
        ObservedApiCall.From(HttpMethod.Put, new Uri("http://x/apis/coordination.k8s.io/v1/namespaces/o/leases/l"))
            .Should().Be(new ObservedApiCall("update", "coordination.k8s.io", "leases", "o", false));
        ObservedApiCall.From(HttpMethod.Delete, new Uri("http://x/apis/apps/v1/namespaces/a/replicasets/rs"))
            .Should().Be(new ObservedApiCall("delete", "apps", "replicasets", "a", false));
        ObservedApiCall.From(HttpMethod.Post, new Uri("http://x/api/v1/namespaces/a/pods/p/eviction"))
            .Should().Be(new ObservedApiCall("create", "", "pods/eviction", "a", false));
        ObservedApiCall.From(HttpMethod.Get, new Uri("http://x/version")).IsNonResource.Should().BeTrue();
        Allowed(new ObservedApiCall("get", "", "secrets", "a", false)).Should().BeFalse();
        Allowed(new ObservedApiCall("get", "coordination.k8s.io", "leases", "elsewhere", false)).Should().BeFalse();
    }

    private static bool Allowed(ObservedApiCall call) =>
        ApiPermissions.All.Any(p => p.Group == call.Group && p.Resource == call.Resource && p.Verbs.Contains(call.Verb) &&
                                    (p.Scope == PermissionScope.Cluster || call.Namespace == OperatorNamespace));

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(what);
            }

            await Task.Delay(50);
        }
    }
}
