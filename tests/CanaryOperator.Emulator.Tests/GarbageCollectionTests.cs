using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Storage;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

public sealed class GarbageCollectionTests
{
    private static V1ReplicaSet OwnedBy(V1Deployment owner, string name)
    {
        var rs = Support.ReplicaSet(name);
        rs.Metadata.OwnerReferences =
        [
            new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true, BlockOwnerDeletion = true },
        ];
        return rs;
    }

    [Fact]
    public async Task Background_deletion_collects_dependents_and_their_pods()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false });
        using var client = api.CreateClient();
        var owner = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(OwnedBy(owner, "web-1"), "default");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(Support.ReplicaSet("unrelated"), "default");
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().HaveCount(4);

        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default", propagationPolicy: "Background");
        (await client.AppsV1.ListNamespacedReplicaSetAsync("default")).Items.Select(r => r.Metadata.Name).Should().Equal("unrelated");
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Should().HaveCount(2).And.OnlyContain(p => p.Metadata.Name.StartsWith("unrelated-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_dependents_with_finalizers_are_gone()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        var owner = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        var held = OwnedBy(owner, "held");
        held.Metadata.Finalizers = ["example.com/hold"];
        await client.AppsV1.CreateNamespacedReplicaSetAsync(held, "default");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(OwnedBy(owner, "free"), "default");

        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default", propagationPolicy: "Foreground");
        var waiting = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        waiting.Metadata.DeletionTimestamp.Should().NotBeNull();
        waiting.Metadata.Finalizers.Should().Contain("foregroundDeletion");
        (await Support.StatusOf(() => client.AppsV1.ReadNamespacedReplicaSetAsync("free", "default"))).Should().Be(404);
        (await client.AppsV1.ReadNamespacedReplicaSetAsync("held", "default")).Metadata.DeletionTimestamp.Should().NotBeNull();

        await client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "held", "default");
        (await Support.StatusOf(() => client.AppsV1.ReadNamespacedReplicaSetAsync("held", "default"))).Should().Be(404);
        (await Support.StatusOf(() => client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"))).Should().Be(404);
    }

    [Fact]
    public async Task Orphan_deletion_strips_the_owner_reference_and_gc_can_be_switched_off()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        var owner = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(OwnedBy(owner, "orphan"), "default");
        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default", propagationPolicy: "Orphan");
        var orphan = await client.AppsV1.ReadNamespacedReplicaSetAsync("orphan", "default");
        orphan.Metadata.OwnerReferences.Should().BeNullOrEmpty();

        api.Store.GarbageCollection = false;
        var owner2 = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web2"), "default");
        await client.AppsV1.CreateNamespacedReplicaSetAsync(OwnedBy(owner2, "kept"), "default");
        await client.AppsV1.DeleteNamespacedDeploymentAsync("web2", "default");
        (await client.AppsV1.ReadNamespacedReplicaSetAsync("kept", "default")).Metadata.Name.Should().Be("kept");
    }

    [Fact]
    public async Task Finalizers_hold_a_deleted_object_until_removed()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        var svc = new V1Service { Metadata = new V1ObjectMeta { Name = "s", Finalizers = ["example.com/x"] }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } };
        await client.CoreV1.CreateNamespacedServiceAsync(svc, "default");
        await client.CoreV1.DeleteNamespacedServiceAsync("s", "default");
        var held = api.Get("", "services", "default", "s")!;
        Obj.Str(held["metadata"]!["deletionTimestamp"]).Should().NotBeNull();
        await client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]", V1Patch.PatchType.JsonPatch), "s", "default");
        api.Get("", "services", "default", "s").Should().BeNull();
    }

    private static JsonObject Stored(string name, string? ownerUid = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "default" };
        if (ownerUid is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Deployment", ["name"] = "owner", ["uid"] = ownerUid });
        }

        return new JsonObject { ["metadata"] = metadata, ["spec"] = new JsonObject(), ["status"] = new JsonObject() };
    }

    [Fact]
    public void Only_changes_to_ownership_deletion_or_finalizers_sweep_the_store()
    {
        var store = new ObjectStore(TimeProvider.System);
        var owner = store.Create("deployments", Stored("owner"));
        store.Create("replicasets", Stored("dependent", Obj.Uid(owner)));
        store.Create("replicasets", Stored("other"));

        // A status write (what nearly every request is) cannot make anything garbage: no sweep over every object.
        store.Update("replicasets", "default", "dependent", o =>
        {
            o["status"]!["replicas"] = 1;
            return o;
        });
        store.Update("deployments", "default", "owner", o =>
        {
            o["spec"]!["paused"] = true;
            return o;
        });
        store.GarbageCollectionSweeps.Should().Be(0);

        // An owner reference to an object that does not exist does: the object is collected.
        store.Update("replicasets", "default", "other", o =>
        {
            o["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Deployment", ["name"] = "gone", ["uid"] = "no-such-uid" });
            return o;
        });
        store.GarbageCollectionSweeps.Should().Be(1);
        store.Get("replicasets", "default", "other").Should().BeNull();

        // Deleting the owner still takes its dependent.
        store.Delete("deployments", "default", "owner", "Background");
        store.GarbageCollectionSweeps.Should().Be(2);
        store.Get("replicasets", "default", "dependent").Should().BeNull();
    }
}
