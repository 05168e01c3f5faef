using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Api.Tests.Support;

namespace CanaryOperator.Api.Tests.Examples;

/// <summary>
/// Within each scenario every name the Rollout (and the HPA, VirtualService, DestinationRule) points at exists,
/// so <c>kubectl apply -f examples/&lt;scenario&gt;/</c> gives a Rollout that passes Argo's reference checks
/// (semantics §1.3, §1.16, §1.17).
/// </summary>
public sealed class ExampleCrossReferenceTests
{
    // Namespaces an example may use without creating them: the Istio install's own.
    private static readonly string[] ProvidedNamespaces = ["istio-system"];

    public static TheoryData<string> Scenarios => ExampleManifests.Rows(ExampleManifests.Scenarios);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_namespace_used_is_created_by_the_scenario(string scenario)
    {
        var docs = ExampleManifests.Scenario(scenario);
        var created = docs.Where(d => d.Kind == "Namespace").Select(d => d.Name).ToHashSet();

        foreach (var doc in docs.Where(d => d.Kind != "Namespace"))
        {
            var ns = doc.Node["metadata"]?["namespace"]?.GetValue<string>();
            (created.Contains(ns!) || ProvidedNamespaces.Contains(ns)).Should().BeTrue($"{doc.Label} uses namespace {ns}");
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Rollout_references_resolve(string scenario)
    {
        var docs = ExampleManifests.Scenario(scenario);
        var rolloutDoc = docs.Single(d => d.Kind == Rollout.KindName);
        var rollout = ApiJson.Deserialize<Rollout>(rolloutDoc.Node);
        var ns = rollout.Metadata.NamespaceProperty;
        var canary = rollout.Spec.Strategy.Canary!;

        var podLabels = PodTemplateLabels(rollout, docs);
        podLabels.Should().NotBeEmpty("the Rollout needs a pod template, inline or through workloadRef");
        var selector = rollout.Spec.Selector?.MatchLabels
            ?? Find(docs, "Deployment", ns, rollout.Spec.WorkloadRef!.Name!).Node["spec"]!["selector"]!["matchLabels"]!
                .AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        selector.Should().NotBeEmpty();
        foreach (var (key, value) in selector)
        {
            podLabels.Should().Contain(key, value, "the selector must match the pod template");
        }

        foreach (var service in new[] { canary.CanaryService, canary.StableService }.OfType<string>())
        {
            var svc = Find(docs, "Service", ns, service);
            ServiceSelectsPods(svc, podLabels);
        }

        if (canary.TrafficRouting?.Istio is not { } istio)
        {
            return;
        }

        var vsRefs = istio.VirtualServices ?? (istio.VirtualService is { } one ? [one] : []);
        vsRefs.Should().NotBeEmpty();
        foreach (var vsRef in vsRefs)
        {
            var vsName = vsRef.Name!.Split('.')[0];
            var vs = ApiJson.Deserialize<VirtualService>(Find(docs, IstioApi.VirtualServiceKind, ns, vsName).Node);
            var routeNames = vs.Spec.Http?.Select(h => h.Name).ToList() ?? [];
            foreach (var route in vsRef.Routes ?? [])
            {
                routeNames.Should().Contain(route, $"route {route} is named by the Rollout");
            }

            CheckDestinations(vs, canary, istio.DestinationRule, docs, ns!);
            CheckGateways(vs, docs, ns!);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Autoscaler_targets_the_rollout(string scenario)
    {
        var docs = ExampleManifests.Scenario(scenario);
        foreach (var hpa in docs.Where(d => d.Kind == "HorizontalPodAutoscaler"))
        {
            var target = hpa.Node["spec"]!["scaleTargetRef"]!;
            target["apiVersion"]!.GetValue<string>().Should().Be(Rollout.ApiGroupVersion);
            target["kind"]!.GetValue<string>().Should().Be(Rollout.KindName);
            var ns = hpa.Node["metadata"]!["namespace"]!.GetValue<string>();
            Find(docs, Rollout.KindName, ns, target["name"]!.GetValue<string>());
            hpa.Node["spec"]!["minReplicas"]!.GetValue<long>().Should().BeLessThanOrEqualTo(hpa.Node["spec"]!["maxReplicas"]!.GetValue<long>());
        }
    }

    private static Dictionary<string, string> PodTemplateLabels(Rollout rollout, IReadOnlyList<YamlDocument> docs)
    {
        if (rollout.Spec.WorkloadRef is { } workloadRef)
        {
            rollout.Spec.Template.Should().BeNull("a workloadRef Rollout must have an empty template");
            workloadRef.Kind.Should().Be("Deployment");
            workloadRef.ApiVersion.Should().Be("apps/v1");
            var deployment = Find(docs, "Deployment", rollout.Metadata.NamespaceProperty, workloadRef.Name!);
            deployment.ApiVersion.Should().Be(workloadRef.ApiVersion);
            return deployment.Node["spec"]!["template"]!["metadata"]!["labels"]!.AsObject()
                .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        }

        return new Dictionary<string, string>(rollout.Spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>());
    }

    // Argo's ValidateService: every selector label of the Service (other than the hash it manages) is on the pods.
    private static void ServiceSelectsPods(YamlDocument service, Dictionary<string, string> podLabels)
    {
        foreach (var (key, value) in service.Node["spec"]!["selector"]!.AsObject())
        {
            podLabels.Should().Contain(key, value!.GetValue<string>(), $"{service.Label} must select the Rollout's pods");
        }
    }

    private static void CheckDestinations(VirtualService vs, CanaryStrategy canary, IstioDestinationRuleRef? drRef, IReadOnlyList<YamlDocument> docs, string ns)
    {
        var destinations = vs.Spec.Http!.SelectMany(h => h.Route ?? []).Select(r => r.Destination).ToList();
        if (drRef is not null)
        {
            var drDoc = Find(docs, IstioApi.DestinationRuleKind, ns, drRef.Name!);
            var dr = ApiJson.Deserialize<DestinationRule>(drDoc.Node);
            var subsets = dr.Spec.Subsets!.Select(s => s.Name).ToList();
            subsets.Should().Contain([drRef.CanarySubsetName, drRef.StableSubsetName]);
            Find(docs, "Service", ns, dr.Spec.Host!);
            destinations.Select(d => d.Subset).Should().Contain([drRef.CanarySubsetName, drRef.StableSubsetName]);
            destinations.Should().OnlyContain(d => d.Host == dr.Spec.Host, "subset routing sends both subsets to the DestinationRule's host");
        }
        else
        {
            destinations.Select(d => d.Host).Should().BeEquivalentTo([canary.StableService, canary.CanaryService]);
        }

        foreach (var host in destinations.Select(d => d.Host!).Distinct())
        {
            Find(docs, "Service", ns, host);
        }
    }

    private static void CheckGateways(VirtualService vs, IReadOnlyList<YamlDocument> docs, string ns)
    {
        foreach (var gateway in vs.Spec.Gateways ?? [])
        {
            if (gateway == "mesh")
            {
                continue;
            }

            var parts = gateway.Split('/');
            var (gwNs, gwName) = parts.Length == 2 ? (parts[0], parts[1]) : (ns, parts[0]);
            Find(docs, "Gateway", gwNs, gwName);
        }
    }

    private static YamlDocument Find(IReadOnlyList<YamlDocument> docs, string kind, string? ns, string name)
    {
        var found = docs.Where(d => d.Kind == kind && d.Name == name && d.Node["metadata"]?["namespace"]?.GetValue<string>() == ns).ToList();
        found.Should().ContainSingle($"{kind} {ns}/{name} is referenced");
        return found[0];
    }
}
