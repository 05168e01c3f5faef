using CanaryOperator.TestSupport;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// The article's Istio subset rollout (blue → red): Deployment + Service + DestinationRule + VirtualService + a Rollout
/// with <c>workloadRef</c>, steps 20 / pause / 40 / pause 10 s / 60 / pause 10 s / 80 / pause 10 s,
/// <c>revisionHistoryLimit: 2</c>. Loaded from <c>examples/istio-subset/</c> when it is in the repository; until then
/// from <see cref="Fallback"/>, which transcribes the same article (imesh webinar, reference/imesh-webinar) with 20 % steps.
/// </summary>
internal static class SeedScenario
{
    public const string Namespace = "istio-argo-rollouts";
    public const string RolloutName = "rollouts-demo";
    public const string Deployment = "rollouts-demo-deployment";
    public const string VirtualService = "rollouts-demo-vs2";
    public const string Route = "route-one";
    public const string DestinationRule = "rollout-destrule";

    /// <summary>The manifests as one YAML stream and where they came from.</summary>
    public static (string Yaml, string Source) Load()
    {
        var dir = RepoPaths.InRepo("examples", "istio-subset");
        if (Directory.Exists(dir))
        {
            var files = Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal).ToList();
            var yaml = string.Join("\n---\n", files.Select(File.ReadAllText));
            if (yaml.Contains("kind: Rollout", StringComparison.Ordinal) && yaml.Contains($"name: {RolloutName}", StringComparison.Ordinal)
                && yaml.Contains($"name: {VirtualService}", StringComparison.Ordinal))
            {
                return (yaml, dir);
            }
        }

        return (Fallback, "inline fallback (examples/istio-subset/ not landed or uses other names)");
    }

    /// <summary>The article's HorizontalPodAutoscaler (min 2 / max 6) on the seed Rollout's scale subresource.</summary>
    public const string Hpa = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: hpa-rollout-example
          namespace: istio-argo-rollouts
        spec:
          minReplicas: 2
          maxReplicas: 6
          scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: rollouts-demo}
          metrics:
          - type: Resource
            resource: {name: cpu, target: {type: Utilization, averageUtilization: 10}}
        """;

    /// <summary>
    /// The Rollout's Istio traffic routing in <see cref="Fallback"/>, with its indentation there (a variant without
    /// traffic routing removes exactly these lines).
    /// </summary>
    public const string TrafficRoutingYaml = """
              trafficRouting:
                istio:
                  virtualService:
                    name: rollouts-demo-vs2
                    routes:
                    - route-one
                  destinationRule:
                    name: rollout-destrule
                    canarySubsetName: canary
                    stableSubsetName: stable
        """;

    public const string Fallback = $$"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: istio-argo-rollouts
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: rollouts-demo-deployment
          namespace: istio-argo-rollouts
        spec:
          replicas: 0
          selector:
            matchLabels:
              app: rollouts-demo
          template:
            metadata:
              labels:
                app: rollouts-demo
            spec:
              containers:
              - name: rollouts-demo
                image: argoproj/rollouts-demo:blue
                ports:
                - name: http
                  containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: rollouts-demo-svc
          namespace: istio-argo-rollouts
        spec:
          ports:
          - port: 80
            targetPort: http
            protocol: TCP
            name: http
          selector:
            app: rollouts-demo
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata:
          name: rollout-destrule
          namespace: istio-argo-rollouts
        spec:
          host: rollouts-demo-svc
          subsets:
          - name: canary
            labels:
              app: rollouts-demo
          - name: stable
            labels:
              app: rollouts-demo
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: rollouts-demo-vs2
          namespace: istio-argo-rollouts
        spec:
          hosts:
          - "*"
          http:
          - name: route-one
            route:
            - destination:
                host: rollouts-demo-svc
                port:
                  number: 80
                subset: stable
              weight: 100
            - destination:
                host: rollouts-demo-svc
                port:
                  number: 80
                subset: canary
              weight: 0
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: rollouts-demo
          namespace: istio-argo-rollouts
        spec:
          replicas: 5
          strategy:
            canary:
        {{TrafficRoutingYaml}}
              steps:
              - setWeight: 20
              - pause: {}
              - setWeight: 40
              - pause: {duration: 10}
              - setWeight: 60
              - pause: {duration: 10}
              - setWeight: 80
              - pause: {duration: 10}
          revisionHistoryLimit: 2
          selector:
            matchLabels:
              app: rollouts-demo
          workloadRef:
            apiVersion: apps/v1
            kind: Deployment
            name: rollouts-demo-deployment
        """;
}
