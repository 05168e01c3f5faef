using System.Net;
using System.Text.Json.Nodes;
using CanaryOperator.Adapters;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Planning;
using CanaryOperator.Tests.EndToEnd;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Tests.Adapters;

/// <summary>Every adapter's exact write shape, over HTTP against the emulator with the real KubernetesClient.</summary>
public sealed class AdapterTests : IAsyncLifetime
{
    private const string Ns = "default";
    private Testbed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await Testbed.StartAsync(overHttp: true);
        await _bed.ApplyAsync(Manifests);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task ReplicaSets_are_created_with_a_controller_owner_then_scaled_and_annotated_by_merge_patch()
    {
        var writer = new ReplicaSetWriter(_bed.Client);
        var rollout = _bed.Rollout(Ns, "demo")!;
        var rs = new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = "demo-abc",
                NamespaceProperty = Ns,
                Labels = new Dictionary<string, string> { ["app"] = "demo", [RolloutLabels.PodTemplateHash] = "abc" },
                Annotations = new Dictionary<string, string> { [RolloutAnnotations.ScaleDownDeadline] = "2026-01-01T00:00:30Z", ["keep"] = "me" },
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = Rollout.ApiGroupVersion, Kind = "Rollout", Name = "demo", Uid = rollout["metadata"]!["uid"]!.GetValue<string>(),
                        Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "demo", [RolloutLabels.PodTemplateHash] = "abc" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "demo", [RolloutLabels.PodTemplateHash] = "abc" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "demo:1" }] },
                },
            },
        };

        var created = await writer.CreateAsync(rs, CancellationToken.None);
        created.ResourceVersion.Should().NotBeNullOrEmpty();
        var stored = Rs("demo-abc");
        stored["metadata"]!["ownerReferences"]![0]!["controller"]!.GetValue<bool>().Should().BeTrue();

        var scaled = await writer.ScaleAsync(Ns, "demo-abc", 3, "5", removeScaleDownDeadline: true, CancellationToken.None);
        long.Parse(scaled.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(long.Parse(created.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));
        stored = Rs("demo-abc");
        stored["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
        stored["metadata"]!["annotations"]![RolloutAnnotations.DesiredReplicas]!.GetValue<string>().Should().Be("5");
        stored["metadata"]!["annotations"]!.AsObject().ContainsKey(RolloutAnnotations.ScaleDownDeadline).Should().BeFalse();
        stored["metadata"]!["annotations"]!["keep"]!.GetValue<string>().Should().Be("me", "a merge patch leaves other annotations alone");

        await writer.SetAnnotationAsync(Ns, "demo-abc", RolloutAnnotations.ScaleDownDeadline, "2026-01-01T00:01:00Z", CancellationToken.None);
        Rs("demo-abc")["metadata"]!["annotations"]![RolloutAnnotations.ScaleDownDeadline]!.GetValue<string>().Should().Be("2026-01-01T00:01:00Z");
        await writer.SetAnnotationAsync(Ns, "demo-abc", RolloutAnnotations.ScaleDownDeadline, null, CancellationToken.None);
        Rs("demo-abc")["metadata"]!["annotations"]!.AsObject().ContainsKey(RolloutAnnotations.ScaleDownDeadline).Should().BeFalse();

        var audit = _bed.Emulator.Audit.Entries.Where(e => e.IsWrite && e.Resource == "replicasets").ToList();
        audit.Select(e => e.Verb).Should().Equal("create", "patch", "patch", "patch");
        audit.Skip(1).Should().OnlyContain(e => e.ContentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal));

        await writer.DeleteAsync(Ns, "demo-abc", CancellationToken.None);
        _bed.Emulator.Get("apps", "replicasets", Ns, "demo-abc").Should().BeNull();
        var again = await writer.DeleteAsync(Ns, "demo-abc", CancellationToken.None);
        again.ResourceVersion.Should().BeNull("deleting what is already gone is success");
    }

    [Fact]
    public async Task VirtualService_weights_go_through_a_test_guarded_json_patch_that_keeps_unmodelled_fields()
    {
        var writer = new VirtualServiceWriter(_bed.Client, IstioResources.Default);
        const string Patch = """
            [{"op":"test","path":"/spec/http/0/name","value":"primary"},
             {"op":"test","path":"/spec/http/0/route/0/destination/subset","value":"stable"},
             {"op":"replace","path":"/spec/http/0/route/0/weight","value":80},
             {"op":"test","path":"/spec/http/0/route/1/destination/subset","value":"canary"},
             {"op":"replace","path":"/spec/http/0/route/1/weight","value":20}]
            """;
        var written = await writer.PatchAsync(Ns, "demo-vs", Patch, CancellationToken.None);
        written!.ResourceVersion.Should().NotBeNull();
        var vs = _bed.VirtualService(Ns, "demo-vs");
        IstioState.HttpWeights(vs, "primary").Should().Equal(new Dictionary<string, int> { ["stable"] = 80, ["canary"] = 20 });
        vs!["spec"]!["http"]![0]!["retries"]!["attempts"]!.GetValue<int>().Should().Be(3, "fields we do not model survive");
        vs["spec"]!["http"]![0]!["match"]![0]!["uri"]!["prefix"]!.GetValue<string>().Should().Be("/");
        _bed.Emulator.Audit.Entries.Last(e => e.IsWrite).ContentType.Should().StartWith("application/json-patch+json");

        // Someone renames the route: the guarded patch fails instead of writing weights onto their route.
        await _bed.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/http/0/name","value":"renamed"}]""", V1Patch.PatchType.JsonPatch),
            "networking.istio.io", "v1alpha3", Ns, "virtualservices", "demo-vs");
        var act = () => writer.PatchAsync(Ns, "demo-vs", Patch, CancellationToken.None);
        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().BeOneOf(HttpStatusCode.UnprocessableEntity, HttpStatusCode.Conflict);

        (await writer.PatchAsync(Ns, "demo-vs", "[]", CancellationToken.None)).Should().BeNull("an empty patch sends nothing");
    }

    [Fact]
    public async Task DestinationRule_subset_hashes_are_set_by_json_patch()
    {
        var writer = new DestinationRuleWriter(_bed.Client, IstioResources.Default);
        const string Patch = """
            [{"op":"test","path":"/spec/subsets/0/name","value":"canary"},
             {"op":"add","path":"/spec/subsets/0/labels/rollouts-pod-template-hash","value":"h2"},
             {"op":"test","path":"/spec/subsets/1/name","value":"stable"},
             {"op":"add","path":"/spec/subsets/1/labels/rollouts-pod-template-hash","value":"h1"}]
            """;
        await writer.PatchAsync(Ns, "demo-dr", Patch, CancellationToken.None);
        var dr = _bed.DestinationRule(Ns, "demo-dr");
        IstioState.SubsetHash(dr, "canary").Should().Be("h2");
        IstioState.SubsetHash(dr, "stable").Should().Be("h1");
        dr!["spec"]!["trafficPolicy"]!["loadBalancer"]!["simple"]!.GetValue<string>().Should().Be("ROUND_ROBIN");
    }

    [Fact]
    public async Task Service_selector_gets_the_hash_and_keeps_its_other_labels_and_Deployment_replicas_are_patched()
    {
        await new ServiceSelectorWriter(_bed.Client).SetSelectorAsync(Ns, "demo-canary", "h2", "demo", CancellationToken.None);
        var svc = _bed.Service(Ns, "demo-canary")!;
        svc["spec"]!["selector"]!["app"]!.GetValue<string>().Should().Be("demo");
        IstioState.SelectorHash(svc).Should().Be("h2");
        svc["metadata"]!["annotations"]![RolloutAnnotations.ManagedByRollouts]!.GetValue<string>().Should().Be("demo");

        await new DeploymentScaler(_bed.Client).ScaleAsync(Ns, "demo-deploy", 0, CancellationToken.None);
        _bed.Deployment(Ns, "demo-deploy")!["spec"]!["replicas"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task Status_is_one_merge_patch_of_the_difference_and_nothing_when_unchanged()
    {
        var writer = new RolloutStatusWriter(_bed.Client);
        var paused = new RolloutStatus
        {
            Phase = RolloutPhases.Paused,
            CurrentStepIndex = 1,
            ControllerPause = true,
            PauseConditions = [new PauseCondition { Reason = PauseReasons.CanaryPauseStep, StartTime = Testbed.Epoch }],
        };
        var first = await writer.PersistAsync(Ns, "demo", null, paused, CancellationToken.None);
        first.Should().NotBeNull();
        var stored = ApiJson.Deserialize<RolloutStatus>(_bed.Rollout(Ns, "demo")!["status"]!);
        stored.CurrentStepIndex.Should().Be(1);
        stored.PauseConditions.Should().ContainSingle();

        var writes = _bed.Emulator.Audit.Writes();
        (await writer.PersistAsync(Ns, "demo", stored, stored, CancellationToken.None)).Should().BeNull();
        _bed.Emulator.Audit.Writes().Should().Be(writes, "an unchanged status is not written");

        var resumed = stored with { PauseConditions = null, CurrentStepIndex = 2, Phase = RolloutPhases.Progressing };
        await writer.PersistAsync(Ns, "demo", stored, resumed, CancellationToken.None);
        var last = _bed.Emulator.Audit.Entries.Last(e => e.IsWrite);
        last.Subresource.Should().Be("status");
        last.ContentType.Should().StartWith("application/merge-patch+json");
        var after = _bed.Rollout(Ns, "demo")!["status"]!.AsObject();
        after.ContainsKey("pauseConditions").Should().BeFalse();
        after["currentStepIndex"]!.GetValue<int>().Should().Be(2);
        after["controllerPause"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Events_are_recorded_in_events_k8s_io_with_argo_reasons_once_per_repeat()
    {
        await using var recorder = new EventRecorder(_bed.Client, "argo-rollouts", "test", _bed.Clock);
        var rollout = ApiJson.Deserialize<Rollout>(_bed.Rollout(Ns, "demo")!);
        var planned = new PlannedEvent(PlannedEvent.Normal, EventReasons.RolloutPaused, "Rollout is paused (CanaryPauseStep)");
        recorder.Record(rollout, planned);
        recorder.Record(rollout, planned);
        await recorder.ShutdownAsync(CancellationToken.None);
        var events = await _bed.Client.EventsV1.ListNamespacedEventAsync(Ns);
        events.Items.Should().ContainSingle();
        var e = events.Items[0];
        e.Reason.Should().Be("RolloutPaused");
        e.Regarding.Kind.Should().Be("Rollout");
        e.Regarding.Name.Should().Be("demo");
        e.ReportingController.Should().Be("argo-rollouts");
        e.Note.Should().Be("Rollout is paused (CanaryPauseStep)");
        recorder.Recorded.Should().Be(1);
    }

    [Fact]
    public void Status_merge_patch_nulls_vanished_fields_recurses_into_objects_and_replaces_arrays()
    {
        var before = JsonNode.Parse("""{"a":1,"b":{"x":1,"y":2},"c":[1,2],"d":"gone"}""")!.AsObject();
        var after = JsonNode.Parse("""{"a":1,"b":{"x":1,"y":3},"c":[1]}""")!.AsObject();
        StatusMergePatch.Diff(before, after).ToJsonString().Should().Be("""{"d":null,"b":{"y":3},"c":[1]}""");
        StatusMergePatch.Between(new RolloutStatus { Phase = "Healthy" }, new RolloutStatus { Phase = "Healthy" }).Should().BeNull();
    }

    private JsonObject Rs(string name) => _bed.Emulator.Get("apps", "replicasets", Ns, name)!;

    private const string Manifests = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: demo
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: demo
          template:
            metadata:
              labels:
                app: demo
            spec:
              containers:
              - name: main
                image: demo:1
          strategy:
            canary:
              steps:
              - setWeight: 20
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: demo-vs
        spec:
          hosts: [demo]
          http:
          - name: primary
            match:
            - uri:
                prefix: /
            retries:
              attempts: 3
              perTryTimeout: 2s
            route:
            - destination: {host: demo, subset: stable}
              weight: 100
            - destination: {host: demo, subset: canary}
              weight: 0
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata:
          name: demo-dr
        spec:
          host: demo
          trafficPolicy:
            loadBalancer:
              simple: ROUND_ROBIN
          subsets:
          - name: canary
            labels: {app: demo}
          - name: stable
            labels: {app: demo}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: demo-canary
        spec:
          selector: {app: demo}
          ports:
          - port: 80
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: demo-deploy
        spec:
          replicas: 3
          selector:
            matchLabels: {app: demo}
          template:
            metadata:
              labels: {app: demo}
            spec:
              containers:
              - name: main
                image: demo:1
        """;
}
