using FluentAssertions;
using Xunit;

namespace CanaryOperator.Tests.Packaging;

/// <summary>Bringing your own ServiceAccount: the bindings and the pod follow its name.</summary>
public sealed class ServiceAccountTests
{
    [Fact]
    public void Existing_service_account_is_used_by_the_pod_and_every_binding()
    {
        var docs = HelmChart.Render("--set", "serviceAccount.create=false", "--set", "serviceAccount.name=platform-operator");

        docs.OfKind("ServiceAccount").Should().BeEmpty();
        OperatorDeployment.In(docs).ServiceAccountName.Should().Be("platform-operator");
        var subjects = docs.Where(d => d.Kind() is "RoleBinding" or "ClusterRoleBinding")
            .SelectMany(b => b["subjects"]!.AsArray())
            .Select(s => s!["name"]!.GetValue<string>())
            .ToList();
        subjects.Should().NotBeEmpty().And.OnlyContain(name => name == "platform-operator");
    }

    [Fact]
    public void Existing_service_account_without_a_name_fails_with_a_clear_message()
    {
        var result = HelmChart.Template(["--set", "serviceAccount.create=false"]);

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("serviceAccount.name is required when serviceAccount.create is false");
    }
}
