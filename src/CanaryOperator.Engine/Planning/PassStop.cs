namespace CanaryOperator.Engine.Planning;

/// <summary>
/// Why a pass ends right after its actions, without a status write (§0.3): an error, or a wait for something the
/// cluster does by itself (Argo returns both from <c>syncHandler</c> as errors; see <see cref="Plan.Waiting"/>).
/// </summary>
internal readonly record struct PassStop(string Message, bool IsWait)
{
    public static PassStop Failed(string message) => new(message, IsWait: false);

    public static PassStop Wait(string message) => new(message, IsWait: true);
}
