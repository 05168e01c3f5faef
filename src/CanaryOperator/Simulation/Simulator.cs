using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Emulator;
using CanaryOperator.Emulator.Http;
using CanaryOperator.Emulator.Simulation;
using CanaryOperator.Hosting;
using k8s;
using k8s.Models;

namespace CanaryOperator.Simulation;

/// <summary>A simulation that cannot go on (invalid Rollout, rollout that never becomes healthy, ...).</summary>
public sealed class SimulationException(string message) : Exception(message);

/// <summary>
/// <c>canary-operator simulate</c>: starts the API emulator in process on a virtual clock, applies the CRDs and the
/// user's manifests, runs the REAL operator (<see cref="OperatorHost"/>: same caches, planner and adapters as in a
/// cluster) against it, changes the pod template, plays the user's gestures (promote, abort, an HPA decision) and
/// records every observable change until the rollout settles.
/// </summary>
public sealed class Simulator
{
    public const string OperatorUserAgent = "canary-operator/simulate";
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(10);

    private readonly SimulationOptions _options;
    private readonly List<string> _notes = [];
    private readonly HashSet<string> _seenEvents = [];
    private readonly List<HpaDecision> _hpaDecisions = [];
    private readonly VirtualClock _clock = new(Epoch);
    private KubeApiEmulator _emulator = null!;
    private Kubernetes _user = null!;
    private OperatorHost _operator = null!;
    private string _namespace = "default";
    private string _name = "";

    private Simulator(SimulationOptions options) => _options = options;

    public static async Task<SimulationReport> RunAsync(SimulationOptions options, CancellationToken cancellationToken = default)
    {
        var simulator = new Simulator(options);
        return await simulator.RunCoreAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SimulationReport> RunCoreAsync(CancellationToken ct)
    {
        var documents = ManifestSet.Load(_options.Paths);
        var rolloutDocs = documents.Where(d => d.Kind == Rollout.KindName && d.ApiVersion == Rollout.ApiGroupVersion).ToList();
        if (rolloutDocs.Count == 0)
        {
            throw new ManifestException("no Rollout (apiVersion argoproj.io/v1alpha1, kind Rollout) among the manifests");
        }

        foreach (var doc in rolloutDocs)
        {
            ManifestSet.ReadRollout(doc);
        }

        _namespace = rolloutDocs[0].Namespace ?? "default";
        _name = rolloutDocs[0].Name;
        if (rolloutDocs.Count > 1)
        {
            _notes.Add($"{rolloutDocs.Count} Rollouts found; the timeline follows {_namespace}/{_name}");
        }

        await using var emulator = await KubeApiEmulator.StartAsync(
            new EmulatorOptions { Clock = _clock, UseKestrel = false, DefaultPodReadyDelay = _options.PodReadyDelay, SimulateHpa = false },
            ct).ConfigureAwait(false);
        _emulator = emulator;
        _user = emulator.CreateClient();
        foreach (var crd in SupportCrds.All())
        {
            await emulator.ApplyManifestAsync(crd, cancellationToken: ct).ConfigureAwait(false);
        }

        await ApplyAsync(documents, ct).ConfigureAwait(false);

        var operatorClient = new Kubernetes(
            new KubernetesClientConfiguration { Host = emulator.BaseUrl }, new UserAgentHandler(OperatorUserAgent), emulator.CreateHandler());
        await using var host = OperatorHost.Build(new OperatorOptions { Workers = 2, Identity = "simulate" }, operatorClient, _clock);
        _operator = host;
        await host.StartAsync(ct).ConfigureAwait(false);
        await host.WaitForSyncAsync(ct).ConfigureAwait(false);

        await WaitForFirstRevisionAsync(ct).ConfigureAwait(false);
        await RememberEventsAsync(ct).ConfigureAwait(false);

        var start = _clock.GetUtcNow();
        var auditMark = emulator.Audit.Entries.Count;
        var hashBeforeUpdate = (await ObserveAsync(ct).ConfigureAwait(false)).Rollout.Status?.CurrentPodHash;
        var update = await ChangeTemplateAsync(ct).ConfigureAwait(false);
        if (_options.HpaReplicas is { } replicas)
        {
            await ScaleAsync(replicas, ct).ConfigureAwait(false);
            _notes.Add($"an HPA decision set spec.replicas to {replicas} through /scale when the update started");
        }

        _hpaDecisions.AddRange(_options.HpaProfile);

        var (rows, podSeconds, last) = await PlayAsync(start, hashBeforeUpdate, ct).ConfigureAwait(false);
        await host.StopAsync(ct).ConfigureAwait(false);

        var duration = (_clock.GetUtcNow() - start).TotalSeconds;
        var operatorCalls = emulator.Audit.Entries.Skip(auditMark).Where(e => e.UserAgent.StartsWith(OperatorUserAgent, StringComparison.Ordinal)).ToList();
        var writes = operatorCalls.Where(e => e.IsWrite).ToList();
        var replicasNow = last.Rollout.Spec.Replicas ?? 1;
        return new SimulationReport
        {
            Rollout = _name,
            Namespace = _namespace,
            Update = update,
            Timeline = rows,
            Notes = _notes,
            Summary = new SimulationSummary
            {
                Outcome = last.Rollout.Status?.Phase ?? "Unknown",
                DurationSeconds = duration,
                PodSeconds = podSeconds,
                BlueGreenPodSeconds = 2.0 * replicasNow * duration,
                ApiWrites = writes.Count,
                ApiRequests = operatorCalls.Count,
                ApiWritesByResource = writes
                    .GroupBy(e => $"{e.Verb} {e.Resource}{(string.IsNullOrEmpty(e.Subresource) ? "" : "/" + e.Subresource)}")
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count()),
            },
        };
    }

    private async Task ApplyAsync(IReadOnlyList<ManifestDocument> documents, CancellationToken ct)
    {
        // Namespaces first, so a folder applies in any file order (kubectl users number their files; not everyone does).
        foreach (var doc in documents.OrderBy(d => d.Kind == "Namespace" ? 0 : 1))
        {
            if (doc.Namespace is { } ns)
            {
                _emulator.EnsureNamespace(ns);
            }

            try
            {
                await _emulator.ApplyManifestAsync(doc.Body.ToJsonString(), doc.Namespace ?? "default", ct).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                _notes.Add($"skipped {doc}: the simulated cluster serves no {doc.ApiVersion} {doc.Kind}");
            }
            catch (ApiException ex)
            {
                throw new ManifestException($"{doc}: rejected by the API server: {ex.Message}");
            }
        }
    }

    private async Task WaitForFirstRevisionAsync(CancellationToken ct)
    {
        var deadline = _clock.GetUtcNow() + TimeSpan.FromMinutes(15);
        while (true)
        {
            await SettleAsync(ct).ConfigureAwait(false);
            var rollout = ReadRollout();
            var status = rollout.Status;
            if (status?.Conditions?.FirstOrDefault(c => c.Type == RolloutConditionTypes.InvalidSpec && c.Status == "True") is { } invalid)
            {
                throw new SimulationException($"the operator rejects the Rollout (condition InvalidSpec): {invalid.Message}");
            }

            if (status is { Phase: RolloutPhases.Healthy } && status.StableRS is { Length: > 0 } && status.StableRS == status.CurrentPodHash)
            {
                return;
            }

            if (_clock.GetUtcNow() >= deadline)
            {
                throw new SimulationException(
                    $"the first revision did not become Healthy within 15 minutes (phase {status?.Phase ?? "none"}: {status?.Message})");
            }

            _clock.Advance(Tick * TicksUntil(deadline));
        }
    }

    /// <summary>Changes the first (or the named) container's image of the pod template the Rollout runs.</summary>
    private async Task<string> ChangeTemplateAsync(CancellationToken ct)
    {
        var rollout = ReadRollout();
        var workload = rollout.Spec.WorkloadRef;
        JsonObject owner;
        string pathPrefix;
        if (workload is { Kind: "Deployment", Name: { } deploymentName })
        {
            owner = _emulator.Get("apps", "deployments", _namespace, deploymentName)
                ?? throw new SimulationException($"workloadRef Deployment {_namespace}/{deploymentName} not found");
            pathPrefix = "/spec/template/spec/containers";
        }
        else
        {
            owner = _emulator.Get(Rollout.Group, Rollout.Plural, _namespace, _name)!;
            pathPrefix = "/spec/template/spec/containers";
        }

        var containers = owner["spec"]?["template"]?["spec"]?["containers"] as JsonArray
            ?? throw new SimulationException("the pod template has no containers");
        var changes = _options.SetImages.Count > 0
            ? _options.SetImages
            : [((string)containers[0]!["name"]!, NextImage((string?)containers[0]!["image"] ?? ""))];
        var patch = new JsonArray();
        var described = new List<string>();
        foreach (var (container, image) in changes)
        {
            var index = containers.Select((c, i) => (c, i)).FirstOrDefault(x => (string?)x.c!["name"] == container, (null, -1)).Item2;
            if (index < 0)
            {
                throw new SimulationException($"--set-image: the pod template has no container named '{container}'");
            }

            var old = (string?)containers[index]!["image"];
            patch.Add(new JsonObject { ["op"] = "replace", ["path"] = $"{pathPrefix}/{index}/image", ["value"] = image });
            described.Add($"{container}: {old} → {image}");
            if (_options.FailCanary)
            {
                _emulator.Pods.ForImage(image, PodOutcome.Never);
            }
        }

        var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch);
        if (workload is { Kind: "Deployment", Name: { } name })
        {
            await _user.AppsV1.PatchNamespacedDeploymentAsync(body, name, _namespace, cancellationToken: ct).ConfigureAwait(false);
        }
        else
        {
            await _user.CustomObjects.PatchNamespacedCustomObjectAsync(body, Rollout.Group, Rollout.Version, _namespace, Rollout.Plural, _name, cancellationToken: ct).ConfigureAwait(false);
        }

        if (_options.FailCanary)
        {
            _notes.Add("--fail-canary: the new pods never become ready");
        }

        return string.Join(", ", described);
    }

    /// <summary>The article's colours rotate (blue → red → green ...); any other image gets the tag <c>next</c>.</summary>
    public static string NextImage(string image)
    {
        string[] colours = ["blue", "red", "green", "yellow", "orange", "purple"];
        var colon = image.LastIndexOf(':');
        var slash = image.LastIndexOf('/');
        var (repository, tag) = colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
        var at = Array.IndexOf(colours, tag);
        var next = at >= 0 ? colours[(at + 1) % colours.Length] : tag == "next" ? "next2" : "next";
        return $"{repository}:{next}";
    }

    private async Task<(List<TimelineRow> Rows, double PodSeconds, Observation Last)> PlayAsync(DateTimeOffset start, string? hashBeforeUpdate, CancellationToken ct)
    {
        var rows = new List<TimelineRow>();
        double podSeconds = 0;
        string? lastSignature = null;
        var lastChange = _clock.GetUtcNow();
        DateTimeOffset? pauseSince = null;
        var aborted = false;
        var promptNoted = false;
        while (true)
        {
            await SettleAsync(ct).ConfigureAwait(false);
            var now = _clock.GetUtcNow();
            var seen = await ObserveAsync(ct).ConfigureAwait(false);
            var status = seen.Rollout.Status;
            string? gesture = null;

            if (_options.AbortAtStep is { } abortAt && !aborted && status?.CurrentStepIndex >= abortAt
                && status.CurrentPodHash != status.StableRS)
            {
                await PatchStatusAsync("""{"status":{"abort":true}}""", ct).ConfigureAwait(false);
                aborted = true;
                gesture = """abort: kubectl patch rollout --subresource status --type merge -p '{"status":{"abort":true}}'""";
            }
            else if (IsWaitingForPromotion(seen.Rollout))
            {
                pauseSince ??= now;
                var wait = _options.PromoteAfter ?? TimeSpan.Zero;
                if (now - pauseSince >= wait)
                {
                    await PatchStatusAsync("""{"status":{"pauseConditions":null}}""", ct).ConfigureAwait(false);
                    gesture = """promote: kubectl patch rollout --subresource status --type merge -p '{"status":{"pauseConditions":null}}'""";
                    pauseSince = null;
                    if (_options.PromoteAfter is null && !promptNoted)
                    {
                        _notes.Add("indefinite pauses were promoted at once (use --promote-after 30s to wait)");
                        promptNoted = true;
                    }
                }
            }

            if (await ApplyDueHpaDecisionsAsync(now - start, ct).ConfigureAwait(false) is { } scaled)
            {
                gesture = gesture is null ? scaled : $"{gesture}; {scaled}";
            }

            var row = seen.ToRow((now - start).TotalSeconds, gesture);
            var signature = row with { Time = 0, Events = [], Gesture = null };
            var signatureText = ApiJson.Serialize(signature);
            if (signatureText != lastSignature || row.Events.Count > 0 || gesture is not null)
            {
                rows.Add(row);
                lastChange = now;
                lastSignature = signatureText;
            }

            // On a busy machine the first settle can return before the operator's watch has delivered the template
            // change; the Rollout then still looks settled on the old revision. It is only done once it has taken
            // the update in (its currentPodHash moved on).
            var updateSeen = hashBeforeUpdate is null || status?.CurrentPodHash != hashBeforeUpdate;
            if (_hpaDecisions.Count == 0 && updateSeen && IsSettled(seen, aborted))
            {
                return (rows, podSeconds, seen);
            }

            if (now - lastChange >= Stall && !IsWaitingForPromotion(seen.Rollout))
            {
                _notes.Add($"stopped: nothing changed for {Stall.TotalMinutes:0} minutes ({status?.Phase}: {status?.Message})");
                return (rows, podSeconds, seen);
            }

            if (now - start >= _options.MaxDuration)
            {
                _notes.Add($"stopped after {_options.MaxDuration} of virtual time ({status?.Phase}: {status?.Message})");
                return (rows, podSeconds, seen);
            }

            // After a gesture the next second must be played: the operator reacts to it. Otherwise nothing can change
            // before the next timer, the next scripted gesture or the stop conditions, so those seconds are skipped
            // (each still counts its pods: nothing changed in them).
            var ticks = gesture is not null ? 1 : TicksUntil(
                Earliest(lastChange + Stall, start + _options.MaxDuration,
                    pauseSince is { } since && IsWaitingForPromotion(seen.Rollout) ? since + (_options.PromoteAfter ?? TimeSpan.Zero) : null,
                    _hpaDecisions.Count > 0 ? start + _hpaDecisions[0].At : null));
            podSeconds += seen.ReplicaSets.Sum(r => r.Status?.Replicas ?? 0) * Tick.TotalSeconds * ticks;
            _clock.Advance(Tick * ticks);
        }
    }

    /// <summary>
    /// Writes the profile's decisions that are due through <c>/scale</c>, within the bounds of an HPA that targets the
    /// Rollout (as the HPA controller would); returns the gesture to show, or null when none was due.
    /// </summary>
    private async Task<string?> ApplyDueHpaDecisionsAsync(TimeSpan elapsed, CancellationToken ct)
    {
        string? gesture = null;
        while (_hpaDecisions.Count > 0 && _hpaDecisions[0].At <= elapsed)
        {
            var decision = _hpaDecisions[0];
            _hpaDecisions.RemoveAt(0);
            var (replicas, bounds) = WithinHpaBounds(decision.Replicas);
            await ScaleAsync(replicas, ct).ConfigureAwait(false);
            gesture = $"hpa: spec.replicas → {replicas} through /scale{bounds}";
        }

        return gesture;
    }

    private (int Replicas, string Note) WithinHpaBounds(int replicas)
    {
        foreach (var hpa in _emulator.Store.List("horizontalpodautoscalers.autoscaling", _namespace).Items)
        {
            var target = hpa["spec"]?["scaleTargetRef"];
            if ((string?)target?["kind"] != Rollout.KindName || (string?)target?["name"] != _name)
            {
                continue;
            }

            var min = (int?)hpa["spec"]?["minReplicas"] ?? 1;
            var max = (int?)hpa["spec"]?["maxReplicas"] ?? int.MaxValue;
            var bounded = Math.Clamp(replicas, min, Math.Max(min, max));
            return bounded == replicas
                ? (replicas, "")
                : (bounded, $" ({replicas} asked; HPA {hpa["metadata"]?["name"]} keeps {min}..{max})");
        }

        return (replicas, "");
    }

    private Task ScaleAsync(int replicas, CancellationToken ct) =>
        _user.CustomObjects.PatchNamespacedCustomObjectScaleAsync(
            new V1Patch($$$"""{"spec":{"replicas":{{{replicas}}}}}""", V1Patch.PatchType.MergePatch),
            Rollout.Group, Rollout.Version, _namespace, Rollout.Plural, _name, cancellationToken: ct);

    /// <summary>
    /// Whole ticks from now until the earlier of <paramref name="limit"/> and the clock's next timer (at least one):
    /// the seconds stepping would have played without anything happening in them.
    /// </summary>
    private int TicksUntil(DateTimeOffset? limit)
    {
        var now = _clock.GetUtcNow();
        var until = Earliest(limit, _clock.NextDue()) ?? now + Tick;
        return (int)Math.Max(1, Math.Ceiling((until - now) / Tick));
    }

    private static DateTimeOffset? Earliest(params DateTimeOffset?[] times) =>
        times.Where(t => t is not null).Min();

    /// <summary>Paused on a <c>pause: {}</c> step (no duration): only a user can move it on.</summary>
    private static bool IsWaitingForPromotion(Rollout rollout)
    {
        var status = rollout.Status;
        if (status?.PauseConditions is not { Count: > 0 } conditions || !conditions.Any(c => c.Reason == PauseReasons.CanaryPauseStep))
        {
            return false;
        }

        var steps = rollout.Spec.Strategy.Canary?.Steps;
        return status.CurrentStepIndex is { } i && steps is not null && i < steps.Count && steps[i].Pause is { Duration: null };
    }

    /// <summary>Promoted and the old pods are gone, or aborted and the canary is drained.</summary>
    private static bool IsSettled(Observation seen, bool aborted)
    {
        var status = seen.Rollout.Status;
        if (status is null)
        {
            return false;
        }

        var others = seen.ReplicaSets.Where(r => Hash(r) != status.StableRS).ToList();
        var othersGone = others.TrueForAll(r => (r.Spec.Replicas ?? 0) == 0 && (r.Status?.Replicas ?? 0) == 0);
        if (!aborted && status.Abort != true)
        {
            return status.Phase == RolloutPhases.Healthy && status.StableRS == status.CurrentPodHash && othersGone;
        }

        return status.Phase == RolloutPhases.Degraded && othersGone;
    }

    private Task PatchStatusAsync(string body, CancellationToken ct) =>
        _user.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(body, V1Patch.PatchType.MergePatch), Rollout.Group, Rollout.Version, _namespace, Rollout.Plural, _name, cancellationToken: ct);

    private Rollout ReadRollout() =>
        ApiJson.Deserialize<Rollout>(_emulator.Get(Rollout.Group, Rollout.Plural, _namespace, _name)
            ?? throw new SimulationException($"Rollout {_namespace}/{_name} disappeared"));

    private async Task RememberEventsAsync(CancellationToken ct) => await NewEventsAsync(ct).ConfigureAwait(false);

    private async Task<IReadOnlyList<string>> NewEventsAsync(CancellationToken ct)
    {
        var list = await _user.EventsV1.ListNamespacedEventAsync(_namespace, cancellationToken: ct).ConfigureAwait(false);
        var fresh = new List<string>();
        foreach (var e in list.Items.OrderBy(e => e.Metadata.ResourceVersion?.Length ?? 0).ThenBy(e => e.Metadata.ResourceVersion, StringComparer.Ordinal))
        {
            var key = $"{e.Metadata.Name}/{e.Series?.Count ?? 0}";
            if (_seenEvents.Add(key))
            {
                fresh.Add($"{e.Type} {e.Reason}: {e.Note}");
            }
        }

        return fresh;
    }

    private async Task<Observation> ObserveAsync(CancellationToken ct)
    {
        var rollout = ReadRollout();
        var uid = rollout.Metadata.Uid;
        var replicaSets = (await _user.AppsV1.ListNamespacedReplicaSetAsync(_namespace, cancellationToken: ct).ConfigureAwait(false)).Items
            .Where(r => r.Metadata.OwnerReferences?.Any(o => o.Uid == uid) == true)
            .ToList();
        var istio = rollout.Spec.Strategy.Canary?.TrafficRouting?.Istio;
        var services = new List<VirtualService>();
        foreach (var reference in (istio?.VirtualServices ?? []).Concat(istio?.VirtualService is { } one ? [one] : []))
        {
            var (ns, name) = SplitName(reference.Name ?? "", _namespace);
            if (_emulator.Get(IstioApi.Group, IstioApi.VirtualServicePlural, ns, name) is { } vs)
            {
                services.Add(ApiJson.Deserialize<VirtualService>(vs));
            }
        }

        DestinationRule? rule = null;
        if (istio?.DestinationRule?.Name is { } drName && _emulator.Get(IstioApi.Group, IstioApi.DestinationRulePlural, _namespace, drName) is { } dr)
        {
            rule = ApiJson.Deserialize<DestinationRule>(dr);
        }

        return new Observation(rollout, replicaSets, services, rule, await NewEventsAsync(ct).ConfigureAwait(false));
    }

    private static (string Namespace, string Name) SplitName(string name, string defaultNamespace)
    {
        var parts = name.Split('.');
        return parts.Length >= 2 ? (parts[1], parts[0]) : (defaultNamespace, name);
    }

    private static string Hash(V1ReplicaSet rs) =>
        rs.Metadata.Labels?.TryGetValue(RolloutLabels.PodTemplateHash, out var h) == true ? h : "";

    /// <summary>Lets the operator's workers, watches and the pod simulator finish what the last clock step started.</summary>
    private async Task SettleAsync(CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            await Task.Delay(i < 2 ? 2 : 5, ct).ConfigureAwait(false);
            if (i >= 2 && _operator.IsIdle)
            {
                await Task.Delay(5, ct).ConfigureAwait(false);
                if (_operator.IsIdle)
                {
                    return;
                }
            }
        }
    }

    /// <summary>What the cluster looked like at one moment.</summary>
    private sealed record Observation(
        Rollout Rollout, IReadOnlyList<V1ReplicaSet> ReplicaSets, IReadOnlyList<VirtualService> VirtualServices,
        DestinationRule? DestinationRule, IReadOnlyList<string> Events)
    {
        public TimelineRow ToRow(double time, string? gesture)
        {
            var status = Rollout.Status;
            var steps = Rollout.Spec.Strategy.Canary?.Steps ?? [];
            var stable = ReplicaSets.FirstOrDefault(r => Hash(r) == status?.StableRS);
            var canary = status?.CurrentPodHash != status?.StableRS ? ReplicaSets.FirstOrDefault(r => Hash(r) == status?.CurrentPodHash) : null;
            return new TimelineRow
            {
                Time = time,
                StepIndex = status?.CurrentStepIndex,
                StepCount = steps.Count,
                Step = Describe(steps, status?.CurrentStepIndex),
                Routes = VirtualServices.SelectMany(vs => (vs.Spec.Http ?? []).Select((route, i) => new RouteWeights(
                    vs.Metadata.Name, route.Name ?? $"http[{i}]",
                    (route.Route ?? []).Select(d => new DestinationWeight(d.Destination.Subset ?? d.Destination.Host ?? "?", d.Weight ?? 0)).ToList())))
                    .ToList(),
                Subsets = (DestinationRule?.Spec.Subsets ?? [])
                    .ToDictionary(s => s.Name ?? "", s => s.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash) ?? ""),
                Stable = Counts(stable),
                Canary = Counts(canary),
                Phase = status?.Phase ?? "",
                Message = status?.Message ?? "",
                Events = Events,
                Gesture = gesture,
            };
        }

        private static ReplicaCounts? Counts(V1ReplicaSet? rs) =>
            rs is null ? null : new ReplicaCounts(Hash(rs), rs.Spec.Replicas ?? 0, rs.Status?.AvailableReplicas ?? 0);

        private static string Describe(IReadOnlyList<CanaryStep> steps, int? index)
        {
            if (index is not { } i || i >= steps.Count)
            {
                return "done";
            }

            var step = steps[i];
            return step switch
            {
                { SetWeight: { } w } => $"setWeight {w}",
                { Pause: { Duration: null } } => "pause",
                { Pause: { Duration: { } d } } => $"pause {d}{(d.IsString ? "" : "s")}",
                { SetCanaryScale: { } s } => $"setCanaryScale {(s.Replicas is { } r ? $"replicas {r}" : s.Weight is { } sw ? $"weight {sw}" : "matchTrafficWeight")}",
                _ => "step",
            };
        }
    }
}
