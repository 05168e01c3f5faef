using CanaryOperator.Runtime.Informers;
using CanaryOperator.Runtime.Leadership;
using CanaryOperator.Runtime.Metrics;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CanaryOperator.Runtime.Hosting;

/// <summary>Registers the runtime in a generic host; the operator adds its informers and controllers.</summary>
public static class ControllerRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the shared services (time, metrics, health, leader election, the <see cref="ControllerHost"/> hosted
    /// service). With <paramref name="leaderElection"/> null this replica always leads; otherwise it campaigns on a
    /// Lease through the registered <see cref="IKubernetes"/> and stops the application when it loses the lease.
    /// </summary>
    public static IServiceCollection AddControllerRuntime(this IServiceCollection services, LeaderElectionOptions? leaderElection = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MetricsRegistry>();
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton<ILeadershipLostHandler, StopApplicationOnLeadershipLost>();
        if (leaderElection is null)
        {
            services.TryAddSingleton<ILeaderElection, AlwaysLeader>();
        }
        else
        {
            services.TryAddSingleton(leaderElection);
            services.TryAddSingleton<ILeaderElection>(sp => new LeaseLeaderElection(
                leaderElection,
                LeaseLeaderElection.CreateLeaseLock(sp.GetRequiredService<IKubernetes>(), leaderElection),
                sp.GetRequiredService<ILeadershipLostHandler>(),
                sp.GetRequiredService<RuntimeMetrics>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<LeaseLeaderElection>()));
        }

        services.TryAddSingleton<RuntimeHealth>();
        services.TryAddSingleton<ControllerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<ControllerHost>());
        return services;
    }

    /// <summary>Registers an informer both as itself (to read its store) and as an <see cref="IInformer"/> (to run it).</summary>
    public static IServiceCollection AddInformer<T>(this IServiceCollection services, Func<IServiceProvider, Informer<T>> create)
        where T : class, IKubernetesObject<k8s.Models.V1ObjectMeta>
    {
        services.AddSingleton(create);
        services.AddSingleton<IInformer>(sp => sp.GetRequiredService<Informer<T>>());
        return services;
    }

    /// <summary>Registers a controller; the factory is the place to hook informer event handlers to its queue.</summary>
    public static IServiceCollection AddController(this IServiceCollection services, Func<IServiceProvider, Controller> create)
    {
        services.AddSingleton(create);
        return services;
    }
}
