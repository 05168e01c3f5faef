using System.Security.Cryptography.X509Certificates;
using System.Text;
using CanaryOperator.KubectlPlugin.Commands;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace CanaryOperator.KubectlPlugin.Kube;

/// <summary>A client and the namespace to work in, resolved the way kubectl resolves them.</summary>
public sealed class KubeConnection : IDisposable
{
    private readonly bool _ownsClient;

    private KubeConnection(IKubernetes client, string ns, bool ownsClient)
    {
        Client = client;
        Namespace = ns;
        _ownsClient = ownsClient;
    }

    public IKubernetes Client { get; }

    public string Namespace { get; }

    /// <summary>
    /// Uses <paramref name="injected"/> when given (tests); otherwise loads <c>--kubeconfig</c>, else the first file in
    /// <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>, else the in-cluster service account,
    /// and selects <c>--context</c> (else the current context). The namespace is <c>-n</c>, else the context's, else "default".
    /// </summary>
    public static KubeConnection Open(ConnectionFlags flags, IKubernetes? injected)
    {
        if (injected is not null)
        {
            return new KubeConnection(injected, flags.Namespace ?? "default", ownsClient: false);
        }

        KubernetesClientConfiguration config;
        try
        {
            config = LoadConfiguration(flags);
        }
        catch (KubeConfigException e)
        {
            throw new PluginException($"invalid kubeconfig: {e.Message}");
        }
        catch (IOException e)
        {
            throw new PluginException($"cannot read kubeconfig: {e.Message}");
        }

        var ns = flags.Namespace ?? (string.IsNullOrEmpty(config.Namespace) ? "default" : config.Namespace);
        return new KubeConnection(new Kubernetes(config), ns, ownsClient: true);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }
    }

    private static KubernetesClientConfiguration LoadConfiguration(ConnectionFlags flags)
    {
        if (flags.Kubeconfig is { Length: > 0 } path)
        {
            if (!File.Exists(path))
            {
                throw new PluginException($"kubeconfig file \"{path}\" does not exist");
            }

            return BuildFromFile(path, flags.Context);
        }

        // kubectl merges every file of $KUBECONFIG; the first existing one is used here (the common single-file case).
        var fromEnv = (Environment.GetEnvironmentVariable("KUBECONFIG") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(File.Exists);
        if (fromEnv is not null)
        {
            return BuildFromFile(fromEnv, flags.Context);
        }

        if (File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation) || flags.Context is not null)
        {
            return BuildFromFile(KubernetesClientConfiguration.KubeConfigDefaultLocation, flags.Context);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        throw new PluginException("no kubeconfig found: pass --kubeconfig, set KUBECONFIG or create ~/.kube/config");
    }

    private static KubernetesClientConfiguration BuildFromFile(string path, string? context)
    {
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
        }
        catch (KubeConfigException e) when (e.Message.Contains("does not have appropriate auth credentials", StringComparison.Ordinal))
        {
            // kubectl sends requests without credentials (anonymous) when the user entry is empty; KubernetesClient refuses.
            return Anonymous(KubernetesClientConfiguration.LoadKubeConfig(path), context);
        }
    }

    private static KubernetesClientConfiguration Anonymous(K8SConfiguration kubeconfig, string? contextName)
    {
        var name = contextName ?? kubeconfig.CurrentContext;
        var context = kubeconfig.Contexts?.FirstOrDefault(c => c.Name == name)
            ?? throw new PluginException($"invalid kubeconfig: context \"{name}\" not found");
        var endpoint = kubeconfig.Clusters?.FirstOrDefault(c => c.Name == context.ContextDetails?.Cluster)?.ClusterEndpoint
            ?? throw new PluginException($"invalid kubeconfig: cluster \"{context.ContextDetails?.Cluster}\" of context \"{name}\" not found");
        var config = new KubernetesClientConfiguration
        {
            Host = endpoint.Server,
            Namespace = context.ContextDetails?.Namespace,
            SkipTlsVerify = endpoint.SkipTlsVerify,
        };
        if (endpoint.CertificateAuthorityData is { Length: > 0 } ca)
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(ca)));
            config.SslCaCerts = certificates;
        }

        return config;
    }
}
