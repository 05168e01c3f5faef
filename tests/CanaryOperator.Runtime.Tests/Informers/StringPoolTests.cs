using CanaryOperator.Runtime.Informers;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Informers;

public class StringPoolTests
{
    // A fresh instance each call, as a JSON decode makes them.
    private static string Copy(string text) => new(text.AsSpan());

    [Fact]
    public void Equal_texts_become_one_instance_and_null_or_empty_pass_through()
    {
        var pool = new StringPool();
        var first = pool.Intern(Copy("nginx:1.27"));

        pool.Intern(Copy("nginx:1.27")).Should().BeSameAs(first);
        pool.Intern(Copy("nginx:1.28")).Should().NotBeSameAs(first).And.Be("nginx:1.28");
        pool.Intern(null).Should().BeNull();
        pool.Intern("").Should().BeEmpty();
    }

    [Fact]
    public void Maps_with_the_same_entries_in_any_order_become_one_instance()
    {
        var pool = new StringPool();
        var a = pool.Share(new Dictionary<string, string> { [Copy("app")] = Copy("demo"), [Copy("hash")] = Copy("abc") });
        var b = pool.Share(new Dictionary<string, string> { [Copy("hash")] = Copy("abc"), [Copy("app")] = Copy("demo") });
        var other = pool.Share(new Dictionary<string, string> { ["app"] = "demo", ["hash"] = "def" });

        b.Should().BeSameAs(a);
        a.Should().Equal(new Dictionary<string, string> { ["app"] = "demo", ["hash"] = "abc" });
        other.Should().NotBeSameAs(a);
        other!["app"].Should().BeSameAs(a!["app"]);
        pool.Share(null).Should().BeNull();
    }

    [Fact]
    public void A_full_pool_starts_afresh_instead_of_growing()
    {
        var pool = new StringPool(capacity: 2);
        var first = pool.Intern(Copy("a"));
        pool.Intern(Copy("b"));
        pool.Intern(Copy("c"));

        var later = Copy("a");
        pool.Intern(later).Should().BeSameAs(later).And.NotBeSameAs(first);
        pool.Intern(Copy("c")).Should().NotBeSameAs(later).And.Be("c");
    }

    [Fact]
    public void Interned_replica_sets_serialize_exactly_as_decoded_and_share_repeated_parts()
    {
        const string json = """
            {"apiVersion":"apps/v1","kind":"ReplicaSet",
             "metadata":{"name":"demo-6f9","namespace":"NS","uid":"UID","resourceVersion":"7",
               "labels":{"app":"demo","rollouts-pod-template-hash":"6f9"},"annotations":{"rollout.argoproj.io/revision":"2"},
               "ownerReferences":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","name":"demo","uid":"OWNER","controller":true}]},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"demo","rollouts-pod-template-hash":"6f9"}},
               "template":{"metadata":{"labels":{"app":"demo","rollouts-pod-template-hash":"6f9"}},
                 "spec":{"containers":[{"name":"demo","image":"nginx:1.27","args":["--port","8080"],
                   "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],"env":[{"name":"MODE","value":"canary"}],
                   "resources":{"requests":{"cpu":"5m"}},"terminationMessagePath":"/dev/termination-log"}],
                   "restartPolicy":"Always","dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler"}}},
             "status":{"replicas":1,"conditions":[{"type":"ReplicaFailure","status":"True","reason":"FailedCreate","message":"quota"}]}}
            """;
        var pool = new StringPool();
        var one = KubernetesJson.Deserialize<V1ReplicaSet>(json.Replace("NS", "ns-1", StringComparison.Ordinal).Replace("UID", "u-1", StringComparison.Ordinal));
        var two = KubernetesJson.Deserialize<V1ReplicaSet>(json.Replace("NS", "ns-2", StringComparison.Ordinal).Replace("UID", "u-2", StringComparison.Ordinal));
        var before = KubernetesJson.Serialize(one);

        ObjectInterning.ReplicaSet(one, pool);
        ObjectInterning.ReplicaSet(two, pool);

        KubernetesJson.Serialize(one).Should().Be(before);
        one.Metadata.Labels.Should().BeSameAs(one.Spec.Selector.MatchLabels).And.BeSameAs(one.Spec.Template.Metadata.Labels)
            .And.BeSameAs(two.Metadata.Labels);
        one.Metadata.Annotations.Should().BeSameAs(two.Metadata.Annotations);
        var (a, b) = (one.Spec.Template.Spec.Containers[0], two.Spec.Template.Spec.Containers[0]);
        a.Image.Should().BeSameAs(b.Image);
        a.Args[1].Should().BeSameAs(b.Args[1]);
        a.Env[0].Value.Should().BeSameAs(b.Env[0].Value);
        a.Ports[0].Protocol.Should().BeSameAs(b.Ports[0].Protocol);
        one.Spec.Template.Spec.DnsPolicy.Should().BeSameAs(two.Spec.Template.Spec.DnsPolicy);
        one.Metadata.OwnerReferences[0].Name.Should().BeSameAs(two.Metadata.OwnerReferences[0].Name);
        one.Status.Conditions[0].Reason.Should().BeSameAs(two.Status.Conditions[0].Reason);
        one.Metadata.NamespaceProperty.Should().Be("ns-1");
        two.Metadata.Uid.Should().Be("u-2");
    }

    [Fact]
    public void Deployments_lose_only_their_status()
    {
        var deployment = KubernetesJson.Deserialize<V1Deployment>("""
            {"metadata":{"name":"demo","namespace":"ns","generation":3},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"demo"}},"template":{"metadata":{"labels":{"app":"demo"}},"spec":{"containers":[{"name":"demo","image":"nginx"}]}}},
             "status":{"replicas":0,"observedGeneration":3}}
            """);
        var expected = KubernetesJson.Serialize(deployment.Spec);

        ObjectInterning.Deployment(deployment, new StringPool());

        deployment.Status.Should().BeNull();
        KubernetesJson.Serialize(deployment.Spec).Should().Be(expected);
        deployment.Metadata.Generation.Should().Be(3);
    }
}
