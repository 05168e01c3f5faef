using CanaryOperator.Api.Rollouts;
using FluentAssertions;
using k8s;
using Xunit;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// Invalid Rollouts get <c>InvalidSpec</c> (phase Degraded) and an Event, and the operator writes nothing else for
/// them; a valid Rollout beside them keeps progressing.
/// </summary>
public sealed class BadInputTests
{
    private const string Ns = "bad";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "weight-101", Rollout("weight-101", "steps: [{setWeight: 101}]", Template), "setWeight" },
        { "missing-vs", Rollout("missing-vs", Istio("no-such-vs", "primary") + "\n      steps: [{setWeight: 20}]", Template), "no-such-vs" },
        { "unknown-route", Rollout("unknown-route", Istio("good-vs", "no-such-route") + "\n      steps: [{setWeight: 20}]", Template), "no-such-route" },
        { "missing-deployment", Rollout("missing-deployment", "steps: [{setWeight: 20}]", WorkloadRef("no-such-deploy")), "no-such-deploy" },
        { "template-and-ref", Rollout("template-and-ref", "steps: [{setWeight: 20}]", Template + WorkloadRef("good-deploy")), "template" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invalid_rollout_gets_InvalidSpec_and_an_event_and_nothing_else_while_others_progress(string name, string yaml, string mentions)
    {
        await using var bed = await Testbed.StartAsync(overHttp: false);
        await bed.ApplyAsync(Shared, Ns);
        await bed.StartOperatorAsync();
        await bed.ApplyAsync(yaml, Ns);
        await bed.ApplyAsync(Rollout("good", Istio("good-vs", "primary") + "\n      steps: [{setWeight: 20}, {pause: {}}]", Template.Replace("image: app:1", "image: app:good", StringComparison.Ordinal)), Ns);

        await bed.RunUntilAsync(() => bed.Phase(Ns, name) == RolloutPhases.Degraded, TimeSpan.FromSeconds(30), "InvalidSpec");
        var conditions = bed.Rollout(Ns, name)!["status"]!["conditions"]!.AsArray();
        var invalid = conditions.Single(c => c!["type"]!.GetValue<string>() == RolloutConditionTypes.InvalidSpec);
        invalid!["status"]!.GetValue<string>().Should().Be("True");
        invalid!["message"]!.GetValue<string>().Should().Contain(mentions);

        // The valid rollout becomes Healthy, then an update of it pauses at 20 % — the bad one does not block it.
        await bed.RunUntilAsync(() => bed.Phase(Ns, "good") == RolloutPhases.Healthy, TimeSpan.FromMinutes(1), "good Healthy");
        await ArgoIstioFixtureTests.UpdateSpec(bed, "good", ns: Ns);
        await bed.RunUntilAsync(() => bed.Phase(Ns, "good") == RolloutPhases.Paused, TimeSpan.FromMinutes(1), "good Paused");
        await bed.AdvanceAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5));

        var writesForBad = bed.Emulator.Audit.Entries.Where(e => e.IsWrite && e.Namespace == Ns && e.Name == name && e.Verb != "create").ToList();
        writesForBad.Should().OnlyContain(e => e.Resource == "rollouts" && e.Subresource == "status", "an invalid Rollout only gets its status written");
        writesForBad.Should().HaveCount(1, "the InvalidSpec status is written once, re-checks every 20 s change nothing");
        bed.ReplicaSets(Ns, name).Should().BeEmpty();
        IstioState.HttpWeights(bed.VirtualService(Ns, "good-vs"), "primary")["good-canary"].Should().Be(20, "only the good rollout moved the VS");

        var events = await bed.Client.EventsV1.ListNamespacedEventAsync(Ns);
        events.Items.Where(e => e.Regarding.Name == name).Should().ContainSingle()
            .Which.Reason.Should().Be("InvalidSpec");
    }

    private const string Shared = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: bad
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: good-vs
        spec:
          hosts: [good]
          http:
          - name: primary
            route:
            - destination: {host: good-stable}
              weight: 100
            - destination: {host: good-canary}
              weight: 0
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: good-stable
        spec:
          selector: {app: good}
          ports: [{port: 80}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: good-canary
        spec:
          selector: {app: good}
          ports: [{port: 80}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: good-deploy
        spec:
          replicas: 0
          selector:
            matchLabels: {app: good}
          template:
            metadata:
              labels: {app: good}
            spec:
              containers:
              - name: main
                image: app:1
        """;

    private const string Template = """

          template:
            metadata:
              labels: {app: good}
            spec:
              containers:
              - name: main
                image: app:1
        """;

    private static string WorkloadRef(string deployment) => $$"""

          workloadRef: {apiVersion: apps/v1, kind: Deployment, name: {{deployment}}}
        """;

    private static string Istio(string vs, string route) => $$"""
        canaryService: good-canary
              stableService: good-stable
              trafficRouting:
                istio:
                  virtualService: {name: {{vs}}, routes: [{{route}}]}
        """;

    private static string Rollout(string name, string canary, string workload) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: {{name}}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: good}
          strategy:
            canary:
              {{canary}}
        """ + workload;
}
