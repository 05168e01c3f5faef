using CanaryOperator.Emulator;
using CanaryOperator.Emulator.Storage;
using CanaryOperator.Hosting;

namespace CanaryOperator.Simulation;

/// <summary>
/// <c>canary-operator sandbox</c>: the API emulator on a local port with the Rollout and Istio CRDs, simulated pods
/// (and optionally HPAs), a kubeconfig for kubectl, and the REAL operator running inside through the same
/// application as <c>run</c> (<see cref="OperatorApplication"/>), connected with that very kubeconfig.
/// </summary>
public sealed class Sandbox : IAsyncDisposable
{
    private const string HpaStorageKey = "horizontalpodautoscalers.autoscaling";

    private readonly KubeApiEmulator _emulator;
    private readonly OperatorApplication _operator;

    private Sandbox(KubeApiEmulator emulator, OperatorApplication application, SandboxOptions options, TimeProvider clock)
    {
        _emulator = emulator;
        _operator = application;
        Options = options;
        Clock = clock;
    }

    public SandboxOptions Options { get; }

    /// <summary>The cluster's clock (the system clock, or one running <see cref="SandboxOptions.TimeScale"/> times faster).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The API server address kubectl talks to (http://127.0.0.1:PORT).</summary>
    public string Server => _emulator.BaseUrl;

    public string KubeconfigPath => Options.KubeconfigPath;

    /// <summary>The emulator, for tests that look at what was sent.</summary>
    public KubeApiEmulator Emulator => _emulator;

    /// <summary>The operator's probe and metrics address.</summary>
    public string? MetricsAddress => _operator.EndpointAddress;

    public static async Task<Sandbox> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        TimeProvider clock = options.TimeScale == 1 ? TimeProvider.System : new ScaledTimeProvider(options.TimeScale);
        var emulator = await KubeApiEmulator.StartAsync(
            new EmulatorOptions
            {
                Clock = clock,
                UseKestrel = true,
                Port = options.Port,
                BindAddress = options.BindAddress,
                DefaultPodReadyDelay = options.PodReadyDelay,
                SimulateHpa = options.HpaUtilization is not null,
                InitialNamespaces = ["default", "kube-system", "kube-public", "istio-system"],
            },
            cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var crd in SupportCrds.All().Append(SupportCrds.IstioGateway()))
            {
                await emulator.ApplyManifestAsync(crd, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            if (options.HpaUtilization is { } utilization)
            {
                FeedHpaMetric(emulator, utilization);
            }

            if (Path.GetDirectoryName(Path.GetFullPath(options.KubeconfigPath)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            emulator.WriteKubeconfig(options.KubeconfigPath);
            var settings = new RunSettings
            {
                Operator = new OperatorOptions { Identity = "sandbox" },
                Kubeconfig = options.KubeconfigPath,
                LogFormat = options.LogFormat,
                LogLevel = options.LogLevel,
                MetricsPort = options.MetricsPort,
            };
            var application = await OperatorApplication.BuildAsync(settings, logOutput: options.LogOutput, time: clock, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            try
            {
                await application.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await application.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return new Sandbox(emulator, application, options, clock);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the operator (workers and watches end), then the API server.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _operator.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _operator.DisposeAsync().ConfigureAwait(false);
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The emulator's HPA loop scales a target only once it knows the target's load: give every HPA the same figure
    // as soon as it is created or retargeted.
    private static void FeedHpaMetric(KubeApiEmulator emulator, double utilization)
    {
        emulator.Store.Changed += e =>
        {
            if (e.StorageKey != HpaStorageKey || e.Type is not ("ADDED" or "MODIFIED"))
            {
                return;
            }

            var target = e.Object["spec"]?["scaleTargetRef"];
            if (Obj.Str(target?["kind"]) is { } kind && Obj.Str(target?["name"]) is { } name)
            {
                emulator.Hpa.SetMetric(Obj.Namespace(e.Object), kind, name, utilization);
            }
        };
    }
}
