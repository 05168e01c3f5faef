using System.Net;
using CanaryOperator.Runtime.Hosting;
using CanaryOperator.Runtime.Informers;
using CanaryOperator.Runtime.Leadership;
using CanaryOperator.Runtime.Metrics;
using CanaryOperator.Runtime.Queue;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Hosting;

/// <summary>
/// The whole runtime wired the way the operator will wire it — a ReplicaSet informer, a custom-object (Rollout)
/// informer, a work queue, a reconciler and Lease leader election — against canned HTTP answers from the real
/// KubernetesClient, including the LeaseLock's create/get/replace of the Lease.
/// </summary>
public class WiringExampleTests
{
    [Fact]
    public async Task Informers_queue_reconciler_and_lease_election_work_together()
    {
        var api = new FakeApi();
        using var handler = new StubApiHandler(api.Respond);
        var reconciler = new ScriptedReconciler((_, _, _) => Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(5))));

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IKubernetes>(sp =>
            new Kubernetes(new KubernetesClientConfiguration { Host = "http://api.test" },
                new RestClientMetricsHandler(sp.GetRequiredService<RuntimeMetrics>()), handler));
        builder.Services.AddControllerRuntime(new LeaderElectionOptions
        {
            LeaseName = "canary-operator",
            LeaseNamespace = "canary-system",
            Identity = "operator-pod-1",
        });
        builder.Services.AddInformer(sp => new Informer<V1ReplicaSet>(
            KubernetesListWatch.ReplicaSets(sp.GetRequiredService<IKubernetes>(), "ns"),
            new InformerOptions<V1ReplicaSet> { Transform = ObjectTransforms.StripBulkyMetadata },
            sp.GetRequiredService<ILogger<Informer<V1ReplicaSet>>>()));
        builder.Services.AddInformer(sp => new Informer<RolloutStub>(
            KubernetesListWatch.CustomObjects<RolloutStub>(sp.GetRequiredService<IKubernetes>(), "argoproj.io", "v1alpha1", "rollouts", "ns"),
            new InformerOptions<RolloutStub> { Transform = ObjectTransforms.StripBulkyMetadata }));
        builder.Services.AddController(sp =>
        {
            var queue = new WorkQueue(DefaultControllerRateLimiter.Create());
            var rollouts = sp.GetRequiredService<Informer<RolloutStub>>();
            var replicaSets = sp.GetRequiredService<Informer<V1ReplicaSet>>();
            replicaSets.Store.AddIndex(StandardIndexes.ControllerUid, StandardIndexes.ByControllerUid);
            rollouts.AddEventHandler(ResourceEventHandler<RolloutStub>.Enqueue(r => [ObjectKey.Of(r)], queue.Add));
            replicaSets.AddEventHandler(ResourceEventHandler<V1ReplicaSet>.Enqueue(rs => OwnerKeys.ControllerOf(rs, "Rollout"), queue.Add));
            return new Controller(new ControllerOptions { Name = "rollouts", Workers = 4 }, reconciler, queue,
                sp.GetRequiredService<ILogger<Controller>>(), sp.GetRequiredService<RuntimeMetrics>());
        });
        using var host = builder.Build();

        await host.StartAsync();
        await Eventually.True(() => reconciler.Calls("ns/r1") >= 1, "rollout reconciled");

        api.LeaseHolder.Should().Be("operator-pod-1");
        host.Services.GetRequiredService<ILeaderElection>().IsLeader.Should().BeTrue();
        host.Services.GetRequiredService<RuntimeHealth>().IsReady.Should().BeTrue();
        var replicaSets = host.Services.GetRequiredService<Informer<V1ReplicaSet>>().Store;
        replicaSets.KeysByIndex(StandardIndexes.ControllerUid, "uid-r1").Should().Equal("ns/rs1");
        replicaSets.Get("ns/rs1")!.Metadata.ManagedFields.Should().BeNull("the transform stripped them before caching");
        var metrics = host.Services.GetRequiredService<MetricsRegistry>().Render();
        metrics.Should().Contain("leader_election_master_status{name=\"canary-operator\"} 1");
        metrics.Should().Contain("rest_client_requests_total{code=\"200\",method=\"GET\"}");
        metrics.Should().Contain("rest_client_requests_total{code=\"201\",method=\"POST\"} 1");

        await host.StopAsync().WaitAsync(Eventually.HangGuard);
    }

    public sealed class RolloutStub : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "argoproj.io/v1alpha1";

        public string Kind { get; set; } = "Rollout";

        public V1ObjectMeta Metadata { get; set; } = new();
    }

    /// <summary>Just enough API server: one Rollout, one ReplicaSet it owns, empty watches, and a Lease store.</summary>
    private sealed class FakeApi
    {
        private const string LeasePath = "/apis/coordination.k8s.io/v1/namespaces/canary-system/leases";
        private readonly Lock _gate = new();
        private string? _lease;

        public string? LeaseHolder
        {
            get
            {
                lock (_gate)
                {
                    return _lease is null ? null : KubernetesJson.Deserialize<V1Lease>(_lease).Spec.HolderIdentity;
                }
            }
        }

        public (HttpStatusCode, string) Respond(HttpRequestMessage request)
        {
            var path = request.RequestUri!.AbsolutePath;
            var watch = request.RequestUri.Query.Contains("watch=true", StringComparison.Ordinal);
            lock (_gate)
            {
                return (request.Method.Method, path) switch
                {
                    ("GET", "/apis/apps/v1/namespaces/ns/replicasets") when watch => (HttpStatusCode.OK, ""),
                    ("GET", "/apis/apps/v1/namespaces/ns/replicasets") => (HttpStatusCode.OK,
                        """{"kind":"ReplicaSetList","apiVersion":"apps/v1","metadata":{"resourceVersion":"10"},"items":[{"metadata":{"name":"rs1","namespace":"ns","resourceVersion":"9","managedFields":[{"manager":"m"}],"ownerReferences":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","name":"r1","uid":"uid-r1","controller":true}]}}]}"""),
                    ("GET", "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts") when watch => (HttpStatusCode.OK, ""),
                    ("GET", "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts") => (HttpStatusCode.OK,
                        """{"kind":"RolloutList","apiVersion":"argoproj.io/v1alpha1","metadata":{"resourceVersion":"10"},"items":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"r1","namespace":"ns","uid":"uid-r1","resourceVersion":"8"}}]}"""),
                    ("GET", LeasePath + "/canary-operator") => _lease is null
                        ? (HttpStatusCode.NotFound, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""")
                        : (HttpStatusCode.OK, _lease),
                    ("POST", LeasePath) => Store(request, HttpStatusCode.Created),
                    ("PUT", LeasePath + "/canary-operator") => Store(request, HttpStatusCode.OK),
                    _ => (HttpStatusCode.NotFound, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}"""),
                };
            }
        }

        private (HttpStatusCode, string) Store(HttpRequestMessage request, HttpStatusCode status)
        {
            var lease = KubernetesJson.Deserialize<V1Lease>(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            lease.Metadata.ResourceVersion = Guid.NewGuid().ToString();
            _lease = KubernetesJson.Serialize(lease);
            return (status, _lease);
        }
    }
}
