using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Hashing;
using CanaryOperator.Engine.Steps;
using FluentAssertions;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Engine.Tests.Hashing;

/// <summary>
/// <see cref="SpecHashMemo"/> answers exactly what the uncached hashes answer, per instance: a new instance (what a
/// changed cache object is) gets its own hash, and a different collision count is not served from the memo.
/// </summary>
public class SpecHashMemoTests
{
    private const string Template = """
        metadata:
          labels:
            app: memo
        spec:
          containers:
          - name: memo
            image: nginx:1.19-alpine
        """;

    [Fact]
    public void A_template_hash_is_the_uncached_hash_and_is_remembered_per_instance()
    {
        var memo = new SpecHashMemo();
        var template = FromYaml(Template);

        var first = memo.PodTemplate(template, null);

        first.Should().Be(PodTemplateHash.Compute(template, null));
        memo.PodTemplate(template, null).Should().BeSameAs(first, "the same instance is not hashed again");
    }

    [Fact]
    public void A_changed_template_is_a_new_instance_and_gets_its_own_hash()
    {
        var memo = new SpecHashMemo();
        var before = memo.PodTemplate(FromYaml(Template), null);

        var changed = FromYaml(Template.Replace("1.19", "1.20", StringComparison.Ordinal));

        memo.PodTemplate(changed, null).Should().Be(PodTemplateHash.Compute(changed, null)).And.NotBe(before);
    }

    [Fact]
    public void A_new_collision_count_is_hashed_again()
    {
        var memo = new SpecHashMemo();
        var template = FromYaml(Template);
        var plain = memo.PodTemplate(template, null);

        var collided = memo.PodTemplate(template, 1);

        collided.Should().Be(PodTemplateHash.Compute(template, 1)).And.NotBe(plain);
        memo.PodTemplate(template, null).Should().Be(plain);
    }

    [Fact]
    public void A_steps_hash_is_the_uncached_hash_per_list_and_a_new_list_is_hashed_again()
    {
        var memo = new SpecHashMemo();
        IReadOnlyList<CanaryStep> steps = [new CanaryStep { SetWeight = 20 }, new CanaryStep { Pause = new RolloutPause() }];
        IReadOnlyList<CanaryStep> changed = [new CanaryStep { SetWeight = 30 }, new CanaryStep { Pause = new RolloutPause() }];

        var first = memo.Steps(steps);

        first.Should().Be(StepsHash.Compute(steps));
        memo.Steps(steps).Should().BeSameAs(first);
        memo.Steps(changed).Should().Be(StepsHash.Compute(changed)).And.NotBe(first);
        memo.Steps(null).Should().Be(StepsHash.Compute(null));
    }

    private static V1PodTemplateSpec FromYaml(string yaml) =>
        ApiJson.Deserialize<V1PodTemplateSpec>(YamlDocuments.Parse(yaml).Single().ToJsonString());
}
