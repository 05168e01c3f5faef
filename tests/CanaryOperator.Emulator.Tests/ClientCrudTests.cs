using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

public sealed class ClientCrudTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_get_update_delete_a_deployment_with_the_real_client(bool overHttp)
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { SimulateReplicaSets = false });
        using var client = api.CreateClient(overHttp);

        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        created.Metadata.Generation.Should().Be(1);
        created.Metadata.CreationTimestamp.Should().NotBeNull();
        long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();

        var read = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        read.Spec.Template.Spec.Containers.Should().HaveCount(2);
        read.Metadata.ResourceVersion.Should().Be(created.Metadata.ResourceVersion);

        read.Spec.Replicas = 5;
        var updated = await client.AppsV1.ReplaceNamespacedDeploymentAsync(read, "web", "default");
        updated.Spec.Replicas.Should().Be(5);
        updated.Metadata.Generation.Should().Be(2);
        string.CompareOrdinal(updated.Metadata.ResourceVersion.PadLeft(20), created.Metadata.ResourceVersion.PadLeft(20)).Should().BePositive();

        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default");
        (await Support.StatusOf(() => client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"))).Should().Be(404);
        (await Support.StatusOf(() => client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default"))).Should().Be(404);
    }

    [Fact]
    public async Task Create_twice_is_409_AlreadyExists_and_generateName_makes_unique_names()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");

        var act = () => client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        ((int)error.Response.StatusCode).Should().Be(409);
        error.Response.Content.Should().Contain("\"reason\":\"AlreadyExists\"").And.Contain("deployments.apps \\\"web\\\" already exists");

        var names = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            var d = Support.Deployment("ignored");
            d.Metadata.Name = null;
            d.Metadata.GenerateName = "gen-";
            var made = await client.AppsV1.CreateNamespacedDeploymentAsync(d, "default");
            made.Metadata.Name.Should().StartWith("gen-").And.HaveLength(9);
            names.Add(made.Metadata.Name);
        }

        names.Should().HaveCount(3);
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_409_Conflict()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        var first = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        var copy = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");

        first.Spec.Replicas = 3;
        await client.AppsV1.ReplaceNamespacedDeploymentAsync(first, "web", "default");

        copy.Spec.Replicas = 4;
        var act = () => client.AppsV1.ReplaceNamespacedDeploymentAsync(copy, "web", "default");
        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        ((int)error.Response.StatusCode).Should().Be(409);
        error.Response.Content.Should().Contain("the object has been modified");
        (await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas.Should().Be(3);
    }

    [Fact]
    public async Task Generation_moves_only_on_spec_changes_and_a_no_op_update_keeps_the_resourceVersion()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        var d = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");

        d.Metadata.Labels["team"] = "a";
        var labeled = await client.AppsV1.ReplaceNamespacedDeploymentAsync(d, "web", "default");
        labeled.Metadata.Generation.Should().Be(1);
        labeled.Metadata.ResourceVersion.Should().NotBe(d.Metadata.ResourceVersion);

        var same = await client.AppsV1.ReplaceNamespacedDeploymentAsync(labeled, "web", "default");
        same.Metadata.ResourceVersion.Should().Be(labeled.Metadata.ResourceVersion);

        var status = await client.AppsV1.PatchNamespacedDeploymentStatusAsync(
            new V1Patch("{\"status\":{\"replicas\":2,\"readyReplicas\":1}}", V1Patch.PatchType.MergePatch), "web", "default");
        status.Status.ReadyReplicas.Should().Be(1);
        status.Metadata.Generation.Should().Be(1);

        var scaled = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"replicas\":7}}", V1Patch.PatchType.MergePatch), "web", "default");
        scaled.Metadata.Generation.Should().Be(2);
        scaled.Status.ReadyReplicas.Should().Be(1, "a main-resource write keeps the stored status");
    }

    [Fact]
    public async Task Main_resource_writes_ignore_status_and_status_writes_ignore_spec()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        var d = Support.Deployment("web");
        d.Status = new V1DeploymentStatus { Replicas = 99 };
        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(d, "default");
        (created.Status?.Replicas ?? 0).Should().Be(0, "status is dropped on create");

        created.Spec.Replicas = 9;
        created.Status = new V1DeploymentStatus { Replicas = 3 };
        var afterStatus = await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "web", "default");
        afterStatus.Status.Replicas.Should().Be(3);
        afterStatus.Spec.Replicas.Should().Be(2);

        afterStatus.Status.Replicas = 50;
        afterStatus.Spec.Replicas = 4;
        var afterMain = await client.AppsV1.ReplaceNamespacedDeploymentAsync(afterStatus, "web", "default");
        afterMain.Status.Replicas.Should().Be(3);
        afterMain.Spec.Replicas.Should().Be(4);
    }

    [Fact]
    public async Task List_filters_by_label_and_field_selectors_and_pages_with_limit_and_continue()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "other" } });
        var specs = new (string Name, string Ns, Dictionary<string, string> Labels)[]
        {
            ("a", "default", new() { ["tier"] = "web", ["env"] = "prod" }),
            ("b", "default", new() { ["tier"] = "web", ["env"] = "dev" }),
            ("c", "default", new() { ["tier"] = "db" }),
            ("d", "other", new() { ["tier"] = "web", ["env"] = "prod", ["canary"] = "true" }),
        };
        foreach (var (name, ns, labels) in specs)
        {
            await client.CoreV1.CreateNamespacedServiceAsync(
                new V1Service { Metadata = new V1ObjectMeta { Name = name, Labels = labels }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } }, ns);
        }

        async Task<string[]> Names(string? labels = null, string? fields = null) =>
            [.. (await client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: labels, fieldSelector: fields)).Items.Select(s => s.Metadata.Name)];

        (await Names("tier=web")).Should().BeEquivalentTo("a", "b", "d");
        (await Names("tier=web,env!=prod")).Should().BeEquivalentTo("b");
        (await Names("env in (prod,dev)")).Should().BeEquivalentTo("a", "b", "d");
        (await Names("env notin (prod)")).Should().BeEquivalentTo("b", "c");
        (await Names("!env")).Should().BeEquivalentTo("c");
        (await Names("canary")).Should().BeEquivalentTo("d");
        (await Names(fields: "metadata.name=b")).Should().BeEquivalentTo("b");
        (await Names(fields: "metadata.namespace=other")).Should().BeEquivalentTo("d");
        (await Names(fields: "metadata.namespace!=other")).Should().BeEquivalentTo("a", "b", "c");
        (await Support.StatusOf(() => client.CoreV1.ListServiceForAllNamespacesAsync(fieldSelector: "spec.bogus=1"))).Should().Be(400);
        (await Support.StatusOf(() => client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: "a in (b"))).Should().Be(400);

        var page1 = await client.CoreV1.ListNamespacedServiceAsync("default", limit: 2);
        page1.Items.Select(s => s.Metadata.Name).Should().Equal("a", "b");
        page1.Metadata.ContinueProperty.Should().NotBeNullOrEmpty();
        page1.Metadata.RemainingItemCount.Should().Be(1);
        var page2 = await client.CoreV1.ListNamespacedServiceAsync("default", limit: 2, continueParameter: page1.Metadata.ContinueProperty);
        page2.Items.Select(s => s.Metadata.Name).Should().Equal("c");
        page2.Metadata.ContinueProperty.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_404_and_deleting_a_namespace_removes_its_objects()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        (await Support.StatusOf(() => client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("x", "nope"), "nope"))).Should().Be(404);

        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "tmp" } });
        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("x", "tmp"), "tmp");
        await client.CoreV1.DeleteNamespaceAsync("tmp");
        (await Support.StatusOf(() => client.AppsV1.ReadNamespacedDeploymentAsync("x", "tmp"))).Should().Be(404);
        (await Support.StatusOf(() => client.CoreV1.ReadNamespaceAsync("tmp"))).Should().Be(404);
    }

    [Fact]
    public async Task Leases_and_events_are_served()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false });
        using var client = api.CreateClient();
        var lease = await client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "leader" }, Spec = new V1LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15 } }, "kube-system");
        lease.Spec.HolderIdentity.Should().Be("me");
        lease.Spec.HolderIdentity = "you";
        (await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "leader", "kube-system")).Spec.HolderIdentity.Should().Be("you");

        await client.EventsV1.CreateNamespacedEventAsync(
            new Eventsv1Event { Metadata = new V1ObjectMeta { Name = "e1" }, Reason = "Scaled", Note = "n", Action = "Scale", ReportingController = "x", ReportingInstance = "y", EventTime = DateTime.UtcNow, Type = "Normal" }, "default");
        await client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event { Metadata = new V1ObjectMeta { Name = "e2" }, Reason = "Created", InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p" } }, "default");
        (await client.EventsV1.ListNamespacedEventAsync("default")).Items.Should().ContainSingle(e => e.Reason == "Scaled");
        (await client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.kind=Pod")).Items.Should().ContainSingle(e => e.Reason == "Created");
    }
}
