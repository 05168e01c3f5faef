using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Hashing;
using CanaryOperator.TestSupport;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Hashing;

/// <summary>
/// Templates written as YAML, hashed through the object path. The first two are Argo's e2e golden hashes; the
/// rest PIN our own output: if one of these changes, every existing rollout with such a template would be
/// redeployed after an operator upgrade — do not "fix" the expected value, fix the code.
/// </summary>
public class PodTemplateHashGoldenTests
{
    /// <summary>Template of argo-rollouts test/e2e/functional/canary-scaledownonabort.yaml (fixture not in shared/reference; excerpt).</summary>
    private const string ScaleDownOnAbortTemplate = """
        metadata:
          labels:
            app: canary-scaledowndelay
        spec:
          containers:
          - name: canary-scaledowndelay
            image: nginx:1.19-alpine
            ports:
            - name: http
              containerPort: 80
              protocol: TCP
            resources:
              requests:
                memory: 16Mi
                cpu: 5m
        """;

    /// <summary>Template of test/e2e/functional/canary-dynamic-stable-scale.yaml (readinessGates written before containers).</summary>
    private const string DynamicStableScaleTemplate = """
        metadata:
          labels:
            app: dynamic-stable-scale
        spec:
          readinessGates:
          - conditionType: argoproj.io/e2e-readiness
          containers:
          - name: dynamic-stable-scale
            image: nginx:1.19-alpine
            ports:
            - name: http
              containerPort: 80
              protocol: TCP
            resources:
              requests:
                memory: 16Mi
                cpu: 5m
        """;

    /// <summary>A template using most of the modelled fields, written in a deliberately scrambled key order.</summary>
    private const string RichTemplate = """
        spec:
          terminationGracePeriodSeconds: 30
          volumes:
          - configMap: {name: cfg, items: [{path: a.conf, key: a}]}
            name: config
          - name: scratch
            emptyDir: {sizeLimit: 0.5Gi}
          containers:
          - image: example/app:1.2.3
            name: app
            args: ["--port=8080", "--greeting=<hello & bye>"]
            env:
            - name: MODE
              value: canary
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            resources:
              limits: {memory: 1024Mi, cpu: 1000m}
              requests: {cpu: "0.5", memory: 128Mi}
            readinessProbe:
              periodSeconds: 5
              httpGet: {port: http, path: /healthz}
            livenessProbe:
              tcpSocket: {port: 8080}
            volumeMounts:
            - mountPath: /etc/app
              name: config
              readOnly: true
            securityContext:
              runAsNonRoot: true
              capabilities: {drop: [ALL]}
            ports:
            - containerPort: 8080
              name: http
          tolerations:
          - key: dedicated
            operator: Equal
            value: canary
            effect: NoSchedule
          affinity:
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 100
                podAffinityTerm:
                  topologyKey: kubernetes.io/hostname
                  labelSelector: {matchLabels: {app: rich}}
        metadata:
          annotations:
            sidecar.istio.io/inject: "true"
          labels:
            tier: web
            app: rich
        """;

    [Theory]
    [InlineData(ScaleDownOnAbortTemplate, "674d8cf959")]
    [InlineData(DynamicStableScaleTemplate, "6b56c8cdb4")]
    public void Argo_e2e_golden_hashes_from_fixture_yaml(string yaml, string argoHash) =>
        PodTemplateHash.Compute(FromYaml(yaml), null).Should().Be(argoHash);

    [Fact]
    public void Rollouts_demo_blue_template_of_the_examples_is_pinned()
    {
        // Loaded in place: examples/rollout-template-ref.yaml, the Deployment's pod template.
        var path = Path.Combine(RepoPaths.Reference, "argo-rollouts", "examples", "rollout-template-ref.yaml");
        var deployment = YamlDocuments.Parse(File.ReadAllText(path)).Single(d => (string?)d["kind"] == "Deployment");
        var template = ApiJson.Deserialize<V1PodTemplateSpec>(deployment["spec"]!["template"]!.ToJsonString());

        PodTemplateGoJson.Encode(template).Should().Be(
            """{"metadata":{"labels":{"app":"rollout-ref-deployment"}},"spec":{"containers":[{"name":"rollouts-demo","image":"argoproj/rollouts-demo:blue","ports":[{"containerPort":8080}],"resources":{},"imagePullPolicy":"Always"}]}}""");
        PodTemplateHash.Compute(template, null).Should().Be("778847f75");
        PodTemplateHash.Compute(template, 1).Should().Be("7f65f8c6f4");
    }

    [Fact]
    public void Rich_template_is_pinned()
    {
        var template = FromYaml(RichTemplate);
        PodTemplateGoJson.Encode(template).Should().Be("""
            {"metadata":{"labels":{"app":"rich","tier":"web"},"annotations":{"sidecar.istio.io/inject":"true"}},"spec":{"volumes":[{"name":"config","configMap":{"name":"cfg","items":[{"key":"a","path":"a.conf"}]}},{"name":"scratch","emptyDir":{"sizeLimit":"512Mi"}}],"containers":[{"name":"app","image":"example/app:1.2.3","args":["--port=8080","--greeting=\u003chello \u0026 bye\u003e"],"ports":[{"name":"http","containerPort":8080}],"env":[{"name":"MODE","value":"canary"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],"resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"name":"config","readOnly":true,"mountPath":"/etc/app"}],"livenessProbe":{"tcpSocket":{"port":8080}},"readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":5},"securityContext":{"capabilities":{"drop":["ALL"]},"runAsNonRoot":true}}],"terminationGracePeriodSeconds":30,"affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"rich"}},"topologyKey":"kubernetes.io/hostname"}}]}},"tolerations":[{"key":"dedicated","operator":"Equal","value":"canary","effect":"NoSchedule"}]}}
            """);
        PodTemplateHash.Compute(template, null).Should().Be("c4d6d5f87");
    }

    [Fact]
    public void Key_order_of_the_manifest_does_not_matter()
    {
        const string reordered = """
            spec:
              containers:
              - resources:
                  requests: {cpu: 5m, memory: 16Mi}
                ports:
                - protocol: TCP
                  containerPort: 80
                  name: http
                image: nginx:1.19-alpine
                name: canary-scaledowndelay
            metadata:
              labels:
                app: canary-scaledowndelay
            """;
        PodTemplateHash.Compute(FromYaml(reordered), null).Should().Be(PodTemplateHash.Compute(FromYaml(ScaleDownOnAbortTemplate), null));
    }

    [Fact]
    public void Any_change_of_the_template_or_collision_count_changes_the_hash()
    {
        var baseline = PodTemplateHash.Compute(FromYaml(ScaleDownOnAbortTemplate), null);
        PodTemplateHash.Compute(FromYaml(ScaleDownOnAbortTemplate.Replace("1.19", "1.20", StringComparison.Ordinal)), null).Should().NotBe(baseline);
        PodTemplateHash.Compute(FromYaml(ScaleDownOnAbortTemplate), 0).Should().NotBe(baseline);
        PodTemplateHash.Compute(FromYaml(ScaleDownOnAbortTemplate), 1).Should().NotBe(PodTemplateHash.Compute(FromYaml(ScaleDownOnAbortTemplate), 0));
    }

    private static V1PodTemplateSpec FromYaml(string yaml) =>
        ApiJson.Deserialize<V1PodTemplateSpec>(YamlDocuments.Parse(yaml).Single().ToJsonString());
}
