using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Diagnostics;
using CanaryOperator.Emulator.Http;
using CanaryOperator.Emulator.Simulation;
using CanaryOperator.Emulator.Storage;
using k8s;

namespace CanaryOperator.Emulator;

/// <summary>
/// An in-process Kubernetes API server for tests, the simulate command and the sandbox: discovery, CRUD, patch types,
/// watches, subresources, CRDs, garbage collection, a ReplicaSet controller, an HPA, fault injection and an audit log.
/// </summary>
public sealed class KubeApiEmulator : IAsyncDisposable
{
    /// <summary>The bearer token <see cref="WriteKubeconfig"/> puts in the user entry; the emulator accepts any request.</summary>
    public const string PlaceholderToken = "emulator-needs-no-token";

    private const string CrdKey = "customresourcedefinitions.apiextensions.k8s.io";

    private readonly ApiHandler _handler;
    private readonly KestrelHost? _kestrel;
    private readonly List<IDisposable> _disposables = [];

    private KubeApiEmulator(EmulatorOptions options, ApiHandler handler, ObjectStore store, ResourceRegistry registry, AuditLog audit, FaultInjector faults, KestrelHost? kestrel)
    {
        Options = options;
        _handler = handler;
        Store = store;
        Registry = registry;
        Audit = audit;
        Faults = faults;
        _kestrel = kestrel;
        BaseUrl = kestrel?.BaseUrl ?? "http://emulator.invalid";
        Pods = new ReplicaSetSimulator(store, registry, options) { Enabled = options.SimulateReplicaSets };
        Hpa = new HpaSimulator(store, registry, options) { Enabled = options.SimulateHpa };
        _disposables.Add(Pods);
        _disposables.Add(Hpa);
    }

    public EmulatorOptions Options { get; }

    /// <summary>http://127.0.0.1:PORT (Kestrel), or a placeholder host when only the in-process handler serves.</summary>
    public string BaseUrl { get; }

    public ObjectStore Store { get; }

    public ResourceRegistry Registry { get; }

    /// <summary>Every request served (verb, path, content type, status code).</summary>
    public AuditLog Audit { get; }

    /// <summary>Error rates, latency, dropped watches, forced compaction.</summary>
    public FaultInjector Faults { get; }

    /// <summary>The ReplicaSet controller and its pod readiness rules.</summary>
    public ReplicaSetSimulator Pods { get; }

    /// <summary>The HorizontalPodAutoscaler loop and its load model.</summary>
    public HpaSimulator Hpa { get; }

    public TimeProvider Clock => Options.Clock;

    public static async Task<KubeApiEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var registry = new ResourceRegistry();
        var store = new ObjectStore(options.Clock, options.EventLogCapacity) { GarbageCollection = options.GarbageCollection };
        var audit = new AuditLog();
        var faults = new FaultInjector(options.Seed, () => store.DropWatches(), store.Compact);
        string address = "127.0.0.1";
        var discovery = new Discovery(registry, () => address);
        var watches = new WatchStreamer(store, faults, options.Clock, options);
        var handler = new ApiHandler(registry, store, discovery, audit, faults, watches, options.Clock);
        store.Changed += e => OnCrdChanged(registry, store, e);
        foreach (var ns in options.InitialNamespaces)
        {
            handler.CreateObject(registry.Find("", "v1", "namespaces")!, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, null);
        }

        KestrelHost? kestrel = null;
        if (options.UseKestrel)
        {
            kestrel = await KestrelHost.StartAsync(handler, IPAddress.Parse(options.BindAddress), options.Port, cancellationToken).ConfigureAwait(false);
            address = new Uri(kestrel.BaseUrl).Authority;
        }

        return new KubeApiEmulator(options, handler, store, registry, audit, faults, kestrel);
    }

    /// <summary>
    /// A handler that serves requests in process (no sockets). Each call returns a new instance. It never calls its inner
    /// handler, so with <c>new Kubernetes(config, yourHandlers..., api.CreateHandler())</c> pass it last (innermost).
    /// </summary>
    public InProcessHandler CreateHandler() => new(_handler);

    /// <summary>A real KubernetesClient bound to this emulator: in process by default, or over Kestrel.</summary>
    public Kubernetes CreateClient(bool overHttp = false)
    {
        var config = new KubernetesClientConfiguration { Host = BaseUrl };
        return overHttp ? new Kubernetes(config) : new Kubernetes(config, CreateHandler());
    }

    /// <summary>A plain HttpClient with BaseAddress set (in process unless <paramref name="overHttp"/>).</summary>
    public HttpClient CreateHttpClient(bool overHttp = false) =>
        overHttp ? new HttpClient { BaseAddress = new Uri(BaseUrl) } : new HttpClient(CreateHandler()) { BaseAddress = new Uri(BaseUrl) };

    /// <summary>
    /// Writes a kubeconfig pointing at <see cref="BaseUrl"/> that both kubectl and KubernetesClient load. The emulator
    /// checks no credentials, but the user entry carries a placeholder token: KubernetesClient's loader rejects a user
    /// with none (<c>user: {}</c>, "does not have appropriate auth credentials"), where kubectl would go anonymous.
    /// </summary>
    public void WriteKubeconfig(string path, string defaultNamespace = "default")
    {
        if (_kestrel is null)
        {
            throw new InvalidOperationException("kubectl needs Kestrel: start with UseKestrel = true");
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: emulator
              cluster:
                server: {BaseUrl}
            users:
            - name: emulator
              user:
                token: {PlaceholderToken}
            contexts:
            - name: emulator
              context:
                cluster: emulator
                user: emulator
                namespace: {defaultNamespace}
            current-context: emulator
            """);
        File.WriteAllText(path, text + "\n");
    }

    /// <summary>Creates a namespace unless it exists.</summary>
    public void EnsureNamespace(string name)
    {
        if (Store.Get("namespaces", null, name) is null)
        {
            _handler.CreateObject(Registry.Find("", "v1", "namespaces")!, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, null);
        }
    }

    /// <summary>
    /// Applies every document of a YAML (or JSON) manifest in order through the API (server-side apply as the emulator
    /// approximates it: create when absent, else merge). CRDs become servable at once, so a file may hold a CRD and
    /// its objects. Throws <see cref="ApiException"/> with the server's Status when a document is rejected.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> ApplyManifestAsync(string yaml, string defaultNamespace = "default", CancellationToken cancellationToken = default)
    {
        var results = new List<JsonObject>();
        foreach (var doc in Patching.YamlToJson.ParseAll(yaml).OfType<JsonObject>())
        {
            var apiVersion = Obj.Str(doc["apiVersion"]) ?? string.Empty;
            var kind = Obj.Str(doc["kind"]) ?? string.Empty;
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var group = slash < 0 ? string.Empty : apiVersion[..slash];
            var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
            var type = Registry.All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind)
                ?? throw new ApiException(404, "NotFound", $"no matches for kind \"{kind}\" in version \"{apiVersion}\"");
            var name = Obj.Name(doc) ?? throw ApiException.Invalid(kind, string.Empty, "metadata.name: Required value");
            var ns = type.Namespaced ? Obj.Namespace(doc) ?? defaultNamespace : null;
            var prefix = group.Length == 0 ? "/api/" + version : $"/apis/{group}/{version}";
            var path = ns is null ? $"{prefix}/{type.Plural}/{name}" : $"{prefix}/namespaces/{ns}/{type.Plural}/{name}";
            var response = await _handler.HandleAsync(
                new ApiRequest
                {
                    Method = "PATCH",
                    Path = path,
                    ContentType = "application/apply-patch+yaml",
                    UserAgent = "emulator-apply",
                    Body = System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString()),
                },
                cancellationToken).ConfigureAwait(false);
            var body = JsonNode.Parse(response.Body) as JsonObject ?? new JsonObject();
            if (response.StatusCode >= 400)
            {
                throw new ApiException(response.StatusCode, Obj.Str(body["reason"]) ?? "Unknown", Obj.Str(body["message"]) ?? string.Empty);
            }

            results.Add(body);
        }

        return results;
    }

    /// <summary>Applies a manifest file (see <see cref="ApplyManifestAsync"/>).</summary>
    public async Task<IReadOnlyList<JsonObject>> ApplyManifestFileAsync(string path, string defaultNamespace = "default", CancellationToken cancellationToken = default) =>
        await ApplyManifestAsync(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), defaultNamespace, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads an object straight from the store (a copy), or null.</summary>
    public JsonObject? Get(string group, string plural, string? ns, string name)
    {
        var type = Registry.All.FirstOrDefault(t => t.Group == group && t.Plural == plural);
        return type is null ? null : Store.Get(type.StorageKey, ns, name);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }

        Store.DropWatches();
        if (_kestrel is not null)
        {
            await _kestrel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void OnCrdChanged(ResourceRegistry registry, ObjectStore store, StoredEvent e)
    {
        if (e.StorageKey != CrdKey)
        {
            return;
        }

        if (e.Type == "DELETED")
        {
            if (registry.RemoveCrd(Obj.Name(e.Object)!) is { } key)
            {
                store.DropAll(key);
            }
        }
        else if (e.Type is "ADDED" or "MODIFIED")
        {
            registry.AddCrd(e.Object);
        }
    }
}
