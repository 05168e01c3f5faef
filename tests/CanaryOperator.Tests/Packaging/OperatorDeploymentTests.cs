using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>The operator Deployment: security by default, probes, downward-API env, flags, scheduling.</summary>
public sealed class OperatorDeploymentTests
{
    public static TheoryData<string> ValuesSets() => HelmChart.ValuesSetRows();

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Pod_is_locked_down(string valuesSet)
    {
        var deployment = OperatorDeployment.In(HelmChart.RenderValuesSet(valuesSet));
        var pod = deployment.PodSpec["securityContext"]!;
        var container = deployment.Container["securityContext"]!;

        pod["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        pod["runAsUser"]!.GetValue<long>().Should().BeGreaterThan(0);
        pod["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");
        container["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        container["readOnlyRootFilesystem"]!.GetValue<bool>().Should().BeTrue();
        container["allowPrivilegeEscalation"]!.GetValue<bool>().Should().BeFalse();
        container["privileged"]!.GetValue<bool>().Should().BeFalse();
        Manifests.Strings(container["capabilities"]!["drop"]).Should().Equal("ALL");
        container["capabilities"]!["add"].Should().BeNull();
        container["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");
        deployment.PodSpec["hostNetwork"].Should().BeNull();
        deployment.PodSpec["hostPID"].Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Only_the_operator_pod_mounts_a_service_account_token(string valuesSet)
    {
        var docs = HelmChart.RenderValuesSet(valuesSet);
        var deployment = OperatorDeployment.In(docs);
        var account = docs.Single("ServiceAccount");

        account.Name().Should().Be(deployment.ServiceAccountName);
        account["automountServiceAccountToken"]!.GetValue<bool>().Should().BeFalse("other pods using the account get no token");
        deployment.PodSpec["automountServiceAccountToken"]!.GetValue<bool>().Should().BeTrue("the operator talks to the API");
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Writable_paths_are_only_an_empty_dir_for_tmp(string valuesSet)
    {
        var deployment = OperatorDeployment.In(HelmChart.RenderValuesSet(valuesSet));

        var volumes = (JsonArray)deployment.PodSpec["volumes"]!;
        volumes.Should().ContainSingle();
        volumes[0]!["name"]!.GetValue<string>().Should().Be("tmp");
        volumes[0]!["emptyDir"].Should().NotBeNull();
        var mount = ((JsonArray)deployment.Container["volumeMounts"]!).Single()!;
        mount["mountPath"]!.GetValue<string>().Should().Be("/tmp");
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Probes_hit_healthz_and_readyz_on_the_metrics_port(string valuesSet)
    {
        var deployment = OperatorDeployment.In(HelmChart.RenderValuesSet(valuesSet));
        var metricsPort = long.Parse(deployment.Flag("--metrics-port").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var port = ((JsonArray)deployment.Container["ports"]!).Single(p => p!["name"]!.GetValue<string>() == "metrics")!;

        port["containerPort"]!.GetValue<long>().Should().Be(metricsPort);
        deployment.Container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/healthz");
        deployment.Container["livenessProbe"]!["httpGet"]!["port"]!.GetValue<string>().Should().Be("metrics");
        deployment.Container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/readyz");
        deployment.Container["readinessProbe"]!["httpGet"]!["port"]!.GetValue<string>().Should().Be("metrics");
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Pod_name_and_namespace_come_from_the_downward_api(string valuesSet)
    {
        var env = (JsonArray)OperatorDeployment.In(HelmChart.RenderValuesSet(valuesSet)).Container["env"]!;

        FieldRef(env, "POD_NAME").Should().Be("metadata.name");
        FieldRef(env, "POD_NAMESPACE").Should().Be("metadata.namespace");
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Resources_have_requests_and_limits(string valuesSet)
    {
        var resources = OperatorDeployment.In(HelmChart.RenderValuesSet(valuesSet)).Container["resources"]!;

        foreach (var section in new[] { "requests", "limits" })
        {
            resources[section]!["cpu"].Should().NotBeNull(section);
            resources[section]!["memory"].Should().NotBeNull(section);
        }
    }

    [Theory]
    [MemberData(nameof(ValuesSets))]
    public void Args_are_the_run_sub_command_with_each_setting_once(string valuesSet)
    {
        // Whether run accepts them is OperatorCommandLineTests' job (the real parser).
        var args = OperatorDeployment.In(HelmChart.RenderValuesSet(valuesSet)).Args;

        args[0].Should().Be("run");
        foreach (var arg in args.Skip(1))
        {
            arg.Should().StartWith("--").And.Contain("=");
        }

        foreach (var single in new[] { "--workers", "--leader-elect", "--istio-api-version", "--log-format", "--log-level", "--metrics-port", "--qps", "--burst" })
        {
            args.Count(a => a.StartsWith(single + "=", StringComparison.Ordinal)).Should().Be(1, single);
        }
    }

    [Fact]
    public void Defaults_run_two_replicas_with_leader_election_and_the_app_version_image()
    {
        var deployment = OperatorDeployment.In(HelmChart.Render());

        deployment.Document["spec"]!["replicas"]!.GetValue<long>().Should().Be(2);
        deployment.LeaderElection.Should().BeTrue();
        deployment.WatchedNamespaces.Should().BeEmpty("all namespaces by default");
        deployment.Flag("--log-format").Should().Equal("json");
        deployment.Flag("--istio-api-version").Should().Equal("v1alpha3");
        deployment.Container["image"]!.GetValue<string>().Should().EndWith(":" + ChartFacts.AppVersion);
        deployment.Container["imagePullPolicy"]!.GetValue<string>().Should().Be("IfNotPresent");
        deployment.PodSpec["affinity"]!["podAntiAffinity"].Should().NotBeNull("leader and standby go to different nodes");
    }

    [Fact]
    public void Values_reach_the_flags_image_and_scheduling()
    {
        var deployment = OperatorDeployment.In(HelmChart.RenderValuesSet("ci/crds-off-values.yaml",
            "--set", "operator.qps=7.5", "--set", "operator.extraArgs={--kubeconfig=/k}"));

        deployment.Flag("--istio-api-version").Should().Equal("v1beta1");
        deployment.Flag("--qps").Should().Equal("7.5");
        deployment.Args[^1].Should().Be("--kubeconfig=/k");
        deployment.Container["image"]!.GetValue<string>().Should().Be("ghcr.io/canary-operator/canary-operator:0.1.0-rc.1");
        deployment.Container["imagePullPolicy"]!.GetValue<string>().Should().Be("Always");
        deployment.PodSpec["imagePullSecrets"]![0]!["name"]!.GetValue<string>().Should().Be("regcred");
        deployment.PodSpec["nodeSelector"]!["kubernetes.io/os"]!.GetValue<string>().Should().Be("linux");
        deployment.PodSpec["tolerations"]![0]!["key"]!.GetValue<string>().Should().Be("dedicated");
    }

    [Fact]
    public void Single_replica_runs_without_leader_election()
    {
        var deployment = OperatorDeployment.In(HelmChart.RenderValuesSet("ci/single-replica-values.yaml"));

        deployment.Document["spec"]!["replicas"]!.GetValue<long>().Should().Be(1);
        deployment.Flag("--leader-elect").Should().Equal("false");
        deployment.Flag("--log-format").Should().Equal("text");
        deployment.PodSpec["affinity"].Should().BeNull();
    }

    [Fact]
    public void Several_replicas_without_leader_election_fail_with_a_clear_message()
    {
        var result = HelmChart.Template(["--set", "replicaCount=3", "--set", "leaderElection.enabled=false"]);

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("replicaCount is 3 but leaderElection.enabled is false");
    }

    private static string? FieldRef(JsonArray env, string name) =>
        env.Single(e => e!["name"]!.GetValue<string>() == name)!["valueFrom"]?["fieldRef"]?["fieldPath"]?.GetValue<string>();
}
