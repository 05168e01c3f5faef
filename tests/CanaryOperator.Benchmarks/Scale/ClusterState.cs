using System.Globalization;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>The emulator's answer to <c>state R</c> (see <see cref="ClusterTracker.State"/>).</summary>
internal sealed record ClusterState(int Rollouts, int Settled, int Paused, int ReplicaSets, int ActiveReplicaSets)
{
    public static ClusterState Parse(string line)
    {
        var words = line.Split(' ');
        int At(string name) => int.Parse(words[Array.IndexOf(words, name) + 1], CultureInfo.InvariantCulture);
        return new ClusterState(At("rollouts"), At("settled"), At("paused"), At("replicasets"), At("active"));
    }

    public static async Task<ClusterState> ReadAsync(EmulatorProcess emulator, int revisions) =>
        Parse((await emulator.CommandAsync(string.Create(CultureInfo.InvariantCulture, $"state {revisions}")).ConfigureAwait(false)).Single());
}
