using CanaryOperator.Emulator.Http;
using CanaryOperator.Emulator.Storage;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

public sealed class ManifestTests
{
    [Fact]
    public async Task ApplyManifest_creates_crds_and_objects_and_a_second_apply_is_a_no_op()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        await api.ApplyManifestFileAsync(Support.IstioCrdPaths[1]);
        var files = new[] { "namespace.yaml", "single-svc-vs-multiple-set/service.yaml", "single-svc-vs-multiple-set/destination-rule.yaml" };
        foreach (var f in files)
        {
            await api.ApplyManifestFileAsync(Support.Reference(["imesh-webinar", .. f.Split('/')]));
        }

        var dr = api.Get("networking.istio.io", "destinationrules", "istio-argo-rollouts", "rollout-destrule")!;
        Obj.Str(dr["spec"]!["host"]).Should().Be("rollouts-demo-svc");
        Obj.Str(api.Get("", "services", "istio-argo-rollouts", "rollouts-demo-svc")!["spec"]!["clusterIP"]).Should().NotBeNullOrEmpty();

        var rv = api.Store.CurrentResourceVersion;
        foreach (var f in files)
        {
            await api.ApplyManifestFileAsync(Support.Reference(["imesh-webinar", .. f.Split('/')]));
        }

        api.Store.CurrentResourceVersion.Should().Be(rv);
        api.Audit.Entries.Should().Contain(e => e.UserAgent == "emulator-apply" && e.ContentType == "application/apply-patch+yaml");

        var act = () => api.ApplyManifestAsync("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
        (await act.Should().ThrowAsync<ApiException>()).Which.Code.Should().Be(404);
    }
}
