using System.Globalization;
using CanaryOperator.Emulator;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// <c>serve-emulator --kubeconfig PATH</c>: the API emulator in its own process, so that the operator's memory and
/// CPU figures are the operator's alone. Prints <c>ready URL</c>, then answers one command per stdin line:
/// <c>audit-clear</c>, <c>audit-summary</c> (lines <c>COUNT VERB RESOURCE[/SUB] [driver]</c>, then <c>end</c>; calls made
/// by the benchmark driver itself are marked <c>driver</c>), <c>state R</c>, <c>to-promote</c>, <c>clone N</c>, <c>pods-off</c>, <c>pods-on</c>, <c>react-arm</c>,
/// <c>react-report</c> (see <see cref="ClusterTracker"/>), <c>quit</c>. Every answer ends with a line <c>end</c>.
/// The emulator picks an ephemeral loopback port (it has no fixed-port option); the URL is in the kubeconfig.
/// </summary>
internal static class ServeEmulatorCommand
{
    public static async Task<int> RunAsync(CommandArgs args)
    {
        var kubeconfig = args.Require("kubeconfig");
        // A watch cache large enough that the operator's watches do not expire (410) while tens of thousands of
        // objects are written during population and settling; an expired watch relists, which is not what we measure.
        await using var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { SimulateHpa = false, EventLogCapacity = 200_000 }).ConfigureAwait(false);
        emulator.Audit.MaxEntries = 2_000_000;
        // Only wall-clock figures are read here: let a burst of ReplicaSet writes return without waiting for their pods.
        emulator.Pods.DrainInBackground = true;
        var tracker = new ClusterTracker();
        emulator.Store.Changed += tracker.OnChanged;
        emulator.WriteKubeconfig(kubeconfig);
        Console.WriteLine($"ready {emulator.BaseUrl}");
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words.FirstOrDefault())
            {
                case "state":
                    Console.WriteLine(tracker.State(words.Length > 1 ? int.Parse(words[1], CultureInfo.InvariantCulture) : 1));
                    Console.WriteLine("end");
                    break;
                case "to-promote":
                    tracker.ToPromote().ForEach(Console.WriteLine);
                    Console.WriteLine("end");
                    break;
                case "clone":
                    // Copies of the settled template Rollout (see PopulationCloner), with the ReplicaSet simulator off
                    // so that the copies get no pods (their ReplicaSets carry the template's status).
                    emulator.Pods.Enabled = false;
                    var took = PopulationCloner.Clone(emulator.Store, int.Parse(words[1], CultureInfo.InvariantCulture));
                    emulator.Pods.Enabled = true;
                    Console.WriteLine(took.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
                    Console.WriteLine("end");
                    break;
                case "pods-off":
                case "pods-on":
                    // Under load 40 the ReplicaSet simulator made ~3 pods a second (it used to drain on the request
                    // thread, holding one request for minutes; now in the background). On, it acts only on
                    // ReplicaSets that change (the reaction canaries).
                    emulator.Pods.Enabled = words[0] == "pods-on";
                    Console.WriteLine("end");
                    break;
                case "react-arm":
                    tracker.Arm();
                    Console.WriteLine("end");
                    break;
                case "react-report":
                    tracker.Reactions().ForEach(Console.WriteLine);
                    Console.WriteLine("end");
                    break;
                case "audit-clear":
                    emulator.Audit.Clear();
                    Console.WriteLine("end");
                    break;
                case "audit-summary":
                    foreach (var group in emulator.Audit.Entries
                        .GroupBy(e => (e.Verb, Resource: e.Subresource is null ? e.Resource : $"{e.Resource}/{e.Subresource}", Driver: e.UserAgent == BenchClient.UserAgent))
                        .OrderBy(g => g.Key.Driver).ThenBy(g => g.Key.Verb, StringComparer.Ordinal).ThenBy(g => g.Key.Resource, StringComparer.Ordinal))
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group.Count()} {group.Key.Verb} {group.Key.Resource ?? "-"}{(group.Key.Driver ? " driver" : "")}"));
                    }

                    Console.WriteLine("end");
                    break;
                case "quit":
                    return 0;
                default:
                    Console.WriteLine("error unknown command");
                    Console.WriteLine("end");
                    break;
            }
        }

        return 0;
    }
}
