using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Patching;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

public sealed class PatchTests
{
    [Fact]
    public async Task Merge_patch_merges_objects_and_null_deletes()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"app\":null,\"tier\":\"x\"}},\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "web", "default");
        patched.Metadata.Labels.Should().BeEquivalentTo(new Dictionary<string, string> { ["tier"] = "x" });
        patched.Spec.Replicas.Should().Be(4);
        patched.Spec.Template.Spec.Containers.Should().HaveCount(2, "untouched fields survive");

        // A merge patch replaces lists whole.
        var replaced = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"x:1\"}]}}}}", V1Patch.PatchType.MergePatch), "web", "default");
        replaced.Spec.Template.Spec.Containers.Should().ContainSingle().Which.Name.Should().Be("only");
    }

    [Fact]
    public async Task Json_patch_applies_operations_and_a_failed_test_is_422_and_changes_nothing()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");

        const string ok = """
            [
              {"op":"test","path":"/spec/template/spec/containers/0/name","value":"main"},
              {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"app:v2"},
              {"op":"add","path":"/metadata/annotations","value":{"a/b":"c"}},
              {"op":"remove","path":"/spec/template/spec/containers/1"},
              {"op":"copy","from":"/metadata/labels/app","path":"/metadata/labels/copy"},
              {"op":"move","from":"/metadata/labels/copy","path":"/metadata/labels/moved"}
            ]
            """;
        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(ok, V1Patch.PatchType.JsonPatch), "web", "default");
        patched.Spec.Template.Spec.Containers.Should().ContainSingle().Which.Image.Should().Be("app:v2");
        patched.Metadata.Annotations["a/b"].Should().Be("c");
        patched.Metadata.Labels.Should().ContainKey("moved").And.NotContainKey("copy");

        const string failing = """[{"op":"test","path":"/spec/template/spec/containers/0/name","value":"other"},{"op":"replace","path":"/spec/replicas","value":9}]""";
        var act = () => client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(failing, V1Patch.PatchType.JsonPatch), "web", "default");
        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        ((int)error.Response.StatusCode).Should().Be(422);
        (await client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas.Should().Be(created.Spec.Replicas);

        (await Support.StatusOf(() => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/nothing/here","value":1}]""", V1Patch.PatchType.JsonPatch), "web", "default"))).Should().Be(422);
        (await Support.StatusOf(() => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"op":"replace"}""", V1Patch.PatchType.JsonPatch), "web", "default"))).Should().Be(400);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_env_ports_by_key_and_honours_directives()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Support.Deployment("web"), "default");

        const string patch = """
            {"spec":{"template":{"spec":{
              "$setElementOrder/containers":[{"name":"sidecar"},{"name":"main"}],
              "containers":[
                {"name":"main","image":"app:v2",
                 "env":[{"name":"B","value":"20"},{"name":"C","value":"3"},{"name":"A","$patch":"delete"}],
                 "ports":[{"containerPort":9090,"name":"metrics"}]}
              ]}}}}
            """;
        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), "web", "default");
        var containers = patched.Spec.Template.Spec.Containers;
        containers.Select(c => c.Name).Should().Equal("sidecar", "main");
        var main = containers[1];
        main.Image.Should().Be("app:v2");
        main.Env.Select(e => (e.Name, e.Value)).Should().Equal(("B", "20"), ("C", "3"));
        main.Ports.Select(p => p.ContainerPort).Should().Equal(8080, 9090);
        containers[0].Image.Should().Be("proxy:1");

        const string replace = """{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"solo","image":"s:1"}]}}}}""";
        var replaced = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(replace, V1Patch.PatchType.StrategicMergePatch), "web", "default");
        replaced.Spec.Template.Spec.Containers.Should().ContainSingle().Which.Name.Should().Be("solo");
    }

    [Fact]
    public void Strategic_merge_patch_unit_cases()
    {
        var original = JsonNode.Parse("""
            {"spec":{"volumes":[{"name":"a","emptyDir":{}},{"name":"b","emptyDir":{}}],
              "containers":[{"name":"c","volumeMounts":[{"mountPath":"/a","name":"a"},{"mountPath":"/b","name":"b"}]}]},
             "metadata":{"finalizers":["x"]}}
            """);
        var patch = JsonNode.Parse("""
            {"spec":{"volumes":[{"name":"b","$patch":"delete"}],
              "containers":[{"name":"c","volumeMounts":[{"mountPath":"/b","readOnly":true}]}]},
             "metadata":{"finalizers":["y"],"$deleteFromPrimitiveList/finalizers":["x"]}}
            """);
        var result = StrategicMergePatch.Apply(original, patch)!;
        result["spec"]!["volumes"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).Should().Equal("a");
        var mounts = result["spec"]!["containers"]![0]!["volumeMounts"]!.AsArray();
        mounts.Should().HaveCount(2);
        mounts[1]!["readOnly"]!.GetValue<bool>().Should().BeTrue();
        mounts[1]!["name"]!.GetValue<string>().Should().Be("b");
        result["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("y");

        var servicePorts = StrategicMergePatch.Apply(
            JsonNode.Parse("""{"spec":{"ports":[{"port":80,"name":"http"},{"port":443,"name":"https"}]}}"""),
            JsonNode.Parse("""{"spec":{"ports":[{"port":443,"targetPort":8443}]}}"""))!;
        servicePorts["spec"]!["ports"]!.AsArray().Should().HaveCount(2);
        servicePorts["spec"]!["ports"]![1]!["targetPort"]!.GetValue<int>().Should().Be(8443);

        var mapReplace = StrategicMergePatch.Apply(
            JsonNode.Parse("""{"spec":{"selector":{"a":"1","b":"2"}}}"""),
            JsonNode.Parse("""{"spec":{"selector":{"$patch":"replace","c":"3"}}}"""))!;
        mapReplace["spec"]!["selector"]!.ToJsonString().Should().Be("""{"c":"3"}""");
    }

    [Fact]
    public async Task Strategic_merge_on_a_custom_resource_is_415_but_merge_and_json_patch_work()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var client = api.CreateClient();
        await Support.CreateCrdsAsync(client, Support.IstioCrdPaths[0]);
        var vs = Support.Manifest("imesh-webinar", "single-svc-vs-multiple-set", "single-vs-multiple-set.yaml");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(vs, "networking.istio.io", "v1alpha3", "default", "virtualservices");

        var act = () => client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"hosts\":[\"a\"]}}", V1Patch.PatchType.StrategicMergePatch), "networking.istio.io", "v1alpha3", "default", "virtualservices", "rollouts-demo-vs2");
        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        ((int)error.Response.StatusCode).Should().Be(415);
        error.Response.Content.Should().Contain("UnsupportedMediaType");

        const string guarded = """
            [{"op":"test","path":"/spec/http/0/name","value":"route-one"},
             {"op":"replace","path":"/spec/http/0/route/0/weight","value":70},
             {"op":"replace","path":"/spec/http/0/route/1/weight","value":30}]
            """;
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(guarded, V1Patch.PatchType.JsonPatch), "networking.istio.io", "v1alpha3", "default", "virtualservices", "rollouts-demo-vs2");
        var stored = api.Get("networking.istio.io", "virtualservices", "default", "rollouts-demo-vs2")!;
        stored["spec"]!["http"]![0]!["route"]![1]!["weight"]!.GetValue<int>().Should().Be(30);
        stored["spec"]!["http"]![0]!["route"]![1]!["destination"]!["subset"]!.GetValue<string>().Should().Be("canary", "unmodelled fields survive");
        stored["spec"]!["gateways"]![0]!.GetValue<string>().Should().Be("istio-system/rollouts-demo-gateway");

        await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"metadata\":{\"annotations\":{\"x\":\"y\"}}}", V1Patch.PatchType.MergePatch), "networking.istio.io", "v1alpha3", "default", "virtualservices", "rollouts-demo-vs2");
        api.Get("networking.istio.io", "virtualservices", "default", "rollouts-demo-vs2")!["metadata"]!["annotations"]!["x"]!.GetValue<string>().Should().Be("y");
    }

    [Fact]
    public void Json_merge_patch_rfc7386_examples()
    {
        JsonMergePatch.Apply(JsonNode.Parse("""{"a":"b"}"""), JsonNode.Parse("""{"a":"c"}"""))!.ToJsonString().Should().Be("""{"a":"c"}""");
        JsonMergePatch.Apply(JsonNode.Parse("""{"a":"b"}"""), JsonNode.Parse("""{"b":"c"}"""))!.ToJsonString().Should().Be("""{"a":"b","b":"c"}""");
        JsonMergePatch.Apply(JsonNode.Parse("""{"a":"b"}"""), JsonNode.Parse("""{"a":null}"""))!.ToJsonString().Should().Be("{}");
        JsonMergePatch.Apply(JsonNode.Parse("""{"a":[{"b":"c"}]}"""), JsonNode.Parse("""{"a":[1]}"""))!.ToJsonString().Should().Be("""{"a":[1]}""");
        JsonMergePatch.Apply(JsonNode.Parse("""{"e":null}"""), JsonNode.Parse("""{"a":1}"""))!.ToJsonString().Should().Be("""{"e":null,"a":1}""");
        JsonMergePatch.Apply(JsonNode.Parse("""{"a":"foo"}"""), JsonNode.Parse("""{"a":{"bb":{"ccc":null}}}"""))!.ToJsonString().Should().Be("""{"a":{"bb":{}}}""");
    }
}
