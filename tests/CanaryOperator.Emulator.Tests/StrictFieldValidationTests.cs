using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using k8s;
using Xunit;

namespace CanaryOperator.Emulator.Tests;

/// <summary>
/// <c>fieldValidation=Strict</c> refuses unknown fields and mistyped values: built-in kinds by KubernetesClient's
/// models, custom kinds by their CRD's openAPIV3Schema. Without it (or with Ignore/Warn) the object is accepted.
/// </summary>
public sealed class StrictFieldValidationTests
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    [Fact]
    public async Task Unknown_field_in_a_deployment_is_refused_by_path_only_when_strict()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        var typo = Deployment("web");
        typo["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicyy"] = "Always";
        typo["spec"]!["replica"] = 3;

        var (code, body) = await Support.SendAsync(http, HttpMethod.Post, Deployments + "?fieldValidation=Strict", typo.ToJsonString());
        code.Should().Be(HttpStatusCode.BadRequest);
        body!["message"]!.GetValue<string>().Should()
            .Contain("strict decoding error")
            .And.Contain("unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"")
            .And.Contain("unknown field \"spec.replica\"");
        api.Get("apps", "deployments", "default", "web").Should().BeNull();

        (await Support.SendAsync(http, HttpMethod.Post, Deployments + "?fieldValidation=Strict", Deployment("web").ToJsonString())).Code
            .Should().Be(HttpStatusCode.Created, "the same Deployment without the typos is valid");
        (code, _) = await Support.SendAsync(http, HttpMethod.Patch, Deployments + "/web?fieldValidation=Strict",
            """{"spec":{"paused":true,"pasued":true}}""", "application/merge-patch+json");
        code.Should().Be(HttpStatusCode.BadRequest, "the patched object is checked");
        (code, _) = await Support.SendAsync(http, HttpMethod.Patch, Deployments + "/web?fieldValidation=Strict",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"minReadySecond":3}}""", "application/apply-patch+yaml");
        code.Should().Be(HttpStatusCode.BadRequest, "the applied configuration is checked");

        foreach (var mode in new[] { "", "?fieldValidation=Ignore", "?fieldValidation=Warn" })
        {
            typo["metadata"]!["name"] = "lenient" + mode.Length;
            (await Support.SendAsync(http, HttpMethod.Post, Deployments + mode, typo.ToJsonString())).Code.Should().Be(HttpStatusCode.Created, mode);
        }

        (await Support.SendAsync(http, HttpMethod.Post, Deployments + "?fieldValidation=Loose", Deployment("x").ToJsonString())).Code
            .Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Mistyped_values_are_invalid_and_int_or_string_and_quantities_take_both()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        var wrong = Deployment("web");
        wrong["spec"]!["replicas"] = "two";
        wrong["spec"]!["template"]!["spec"]!["containers"]![0]!["args"] = "--not-a-list";

        var (code, body) = await Support.SendAsync(http, HttpMethod.Post, Deployments + "?fieldValidation=Strict", wrong.ToJsonString());
        code.Should().Be((HttpStatusCode)422);
        body!["message"]!.GetValue<string>().Should().Contain("spec.replicas in body must be of type number")
            .And.Contain("spec.template.spec.containers[0].args in body must be of type array");

        var mixed = Deployment("mixed");
        mixed["spec"]!["strategy"] = JsonNode.Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":0}}""");
        mixed["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"] = JsonNode.Parse("""{"requests":{"cpu":"100m","memory":64}}""");
        (await Support.SendAsync(http, HttpMethod.Post, Deployments + "?fieldValidation=Strict", mixed.ToJsonString())).Code.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Custom_objects_are_checked_against_their_crd_schema()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        using var client = api.CreateClient();
        await Support.InstallRolloutAndIstioCrdsAsync(client);
        const string rollouts = "/apis/argoproj.io/v1alpha1/namespaces/default/rollouts";
        var rollout = JsonNode.Parse("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"r","labels":{"a":"b"}},
             "spec":{"replicas":2,"workloadRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
                     "strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{}}]}}}}
            """)!.AsObject();

        var typo = (JsonObject)rollout.DeepClone();
        typo["spec"]!["strategy"]!["canary"]!["steps"]![0]!["setWieght"] = 20;
        typo["metadata"]!["lables"] = new JsonObject();
        var (code, body) = await Support.SendAsync(http, HttpMethod.Post, rollouts + "?fieldValidation=Strict", typo.ToJsonString());
        code.Should().Be(HttpStatusCode.BadRequest);
        body!["message"]!.GetValue<string>().Should().Contain("unknown field \"spec.strategy.canary.steps[0].setWieght\"")
            .And.Contain("unknown field \"metadata.lables\"").And.NotContain("metadata.name");

        var mistyped = (JsonObject)rollout.DeepClone();
        mistyped["spec"]!["replicas"] = "2";
        (code, body) = await Support.SendAsync(http, HttpMethod.Post, rollouts + "?fieldValidation=Strict", mistyped.ToJsonString());
        code.Should().Be((HttpStatusCode)422, body?.ToJsonString());
        body!["message"]!.GetValue<string>().Should().Contain("spec.replicas in body must be of type integer");

        (await Support.SendAsync(http, HttpMethod.Post, rollouts + "?fieldValidation=Strict", rollout.ToJsonString())).Code.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Installer_kinds_are_served_and_discoverable()
    {
        await using var api = await KubeApiEmulator.StartAsync(new EmulatorOptions { UseKestrel = false, SimulateReplicaSets = false });
        using var http = api.CreateHttpClient();
        using var client = api.CreateClient();

        var rbac = await client.RbacAuthorizationV1.GetAPIResourcesAsync();
        rbac.Resources.Select(r => r.Name).Should().BeEquivalentTo("roles", "rolebindings", "clusterroles", "clusterrolebindings");
        var policy = await client.PolicyV1.GetAPIResourcesAsync();
        policy.Resources.Select(r => r.Name).Should().Contain(["poddisruptionbudgets", "poddisruptionbudgets/status"]);
        (await client.CoreV1.GetAPIResourcesAsync()).Resources.Should().Contain(r => r.Name == "serviceaccounts" && r.Namespaced);

        await client.CoreV1.CreateNamespacedServiceAccountAsync(new k8s.Models.V1ServiceAccount { Metadata = new() { Name = "op" } }, "default");
        await client.RbacAuthorizationV1.CreateClusterRoleAsync(new k8s.Models.V1ClusterRole
        {
            Metadata = new() { Name = "op" },
            Rules = [new k8s.Models.V1PolicyRule { ApiGroups = ["apps"], Resources = ["replicasets"], Verbs = ["list"] }],
        });
        await client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new k8s.Models.V1ClusterRoleBinding
        {
            Metadata = new() { Name = "op" },
            RoleRef = new k8s.Models.V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "op" },
            Subjects = [new k8s.Models.Rbacv1Subject { Kind = "ServiceAccount", Name = "op", NamespaceProperty = "default" }],
        });
        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new k8s.Models.V1PodDisruptionBudget
        {
            Metadata = new() { Name = "op" },
            Spec = new k8s.Models.V1PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = new() { MatchLabels = new Dictionary<string, string> { ["app"] = "op" } } },
        }, "default");

        (await client.RbacAuthorizationV1.ListClusterRoleBindingAsync()).Items.Should().ContainSingle(b => b.RoleRef.Name == "op");
        (await client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("op", "default")).Spec.MaxUnavailable.Value.Should().Be("1");
        var (code, _) = await Support.SendAsync(http, HttpMethod.Patch, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/op",
            """{"roleRef":{"name":"other"}}""", "application/merge-patch+json");
        code.Should().Be((HttpStatusCode)422, "roleRef is immutable");
    }

    private static JsonObject Deployment(string name) => JsonNode.Parse(KubernetesJson.Serialize(Support.Deployment(name)))!.AsObject();
}
