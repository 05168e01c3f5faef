using CanaryOperator.Cli;
using CanaryOperator.Hosting;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Hosting;

public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void Run_flags_become_settings()
    {
        var settings = Parse(
            ["run", "--kubeconfig", "/tmp/kc", "--namespace", "a", "--namespace", "b", "--workers", "4", "--istio-api-version", "v1beta1",
             "--log-format", "json", "--log-level", "debug", "--metrics-port", "9100", "--qps", "5", "--burst", "7", "--resync-period", "90s"],
            NoEnvironment);
        settings.Kubeconfig.Should().Be("/tmp/kc");
        settings.Operator.Namespaces.Should().Equal("a", "b");
        settings.Operator.Workers.Should().Be(4);
        settings.Operator.IstioApiVersion.Should().Be("v1beta1");
        settings.Operator.LeaderElect.Should().BeFalse();
        settings.LogFormat.Should().Be("json");
        settings.LogLevel.Should().Be("debug");
        settings.MetricsPort.Should().Be(9100);
        settings.Qps.Should().Be(5);
        settings.Burst.Should().Be(7);
        settings.Operator.ResyncPeriod.Should().Be(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void Defaults_watch_all_namespaces_with_eight_workers_and_v1alpha3()
    {
        var settings = Parse(["run", "--log-format", "text"], NoEnvironment);
        settings.Operator.Namespaces.Should().BeEmpty();
        settings.Operator.Workers.Should().Be(8);
        settings.Operator.IstioApiVersion.Should().Be("v1alpha3");
        settings.MetricsPort.Should().Be(8090);
        settings.LogLevel.Should().Be("info");
        settings.Operator.ResyncPeriod.Should().Be(TimeSpan.FromMinutes(15));
    }

    [Theory]
    [InlineData("15m", 900)]
    [InlineData("1h30m", 5400)]
    [InlineData("45", 45)]
    [InlineData("2m30s", 150)]
    public void Resync_period_reads_durations_and_seconds(string value, int seconds)
    {
        Parse(["run", "--resync-period", value], NoEnvironment).Operator.ResyncPeriod.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Environment_gives_pod_identity_lease_namespace_and_log_settings()
    {
        var env = new Dictionary<string, string>
        {
            ["POD_NAME"] = "canary-operator-7d9f",
            ["POD_NAMESPACE"] = "argo-rollouts",
            ["LOG_FORMAT"] = "json",
            ["LOG_LEVEL"] = "warn",
            ["WATCH_NAMESPACES"] = "x, y",
        };
        var settings = Parse(["run", "--leader-elect"], env);
        settings.Operator.LeaderElect.Should().BeTrue();
        settings.Operator.Identity.Should().Be("canary-operator-7d9f");
        settings.Operator.LeaseNamespace.Should().Be("argo-rollouts");
        settings.Operator.Namespaces.Should().Equal("x", "y");
        settings.LogFormat.Should().Be("json");
        settings.LogLevel.Should().Be("warn");
    }

    [Theory]
    [InlineData("--istio-api-version", "v2", "--istio-api-version 'v2'")]
    [InlineData("--workers", "0", "--workers must be at least 1")]
    [InlineData("--log-format", "xml", "--log-format 'xml'")]
    [InlineData("--log-level", "loud", "--log-level 'loud'")]
    [InlineData("--qps", "0", "--qps must be positive")]
    [InlineData("--resync-period", "soon", "--resync-period 'soon': expected a duration such as 30s, 2m or 1h30m")]
    [InlineData("--resync-period", "-5m", "--resync-period '-5m': expected a duration")]
    [InlineData("--resync-period", "0s", "--resync-period '0s' must be at least 1s")]
    [InlineData("--resync-period", "500ms", "--resync-period '500ms' must be at least 1s")]
    public void Bad_flags_are_clear_errors(string flag, string value, string message)
    {
        var act = () => Parse(["run", flag, value], NoEnvironment);
        act.Should().Throw<OperatorStartupException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Leader_election_without_a_namespace_is_refused()
    {
        var act = () => Parse(["run", "--leader-elect"], NoEnvironment);
        act.Should().Throw<OperatorStartupException>().WithMessage("*POD_NAMESPACE*");
    }

    [Fact]
    public void The_command_tree_has_run_simulate_and_sandbox()
    {
        var root = CommandLine.CreateRoot();
        root.Subcommands.Select(c => c.Name).Should().Equal("run", "simulate", "sandbox");
        root.Subcommands.Single(c => c.Name == "run").Options.Select(o => o.Name).Should().Contain(
            ["--kubeconfig", "--namespace", "--workers", "--leader-elect", "--istio-api-version", "--log-format", "--log-level", "--metrics-port", "--qps", "--burst", "--resync-period"]);
    }

    private static RunSettings Parse(string[] args, Dictionary<string, string> env)
    {
        var result = CommandLine.CreateRoot().Parse(args);
        result.Errors.Should().BeEmpty();
        return RunCommand.ToSettings(result, k => env.GetValueOrDefault(k));
    }
}
