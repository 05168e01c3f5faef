namespace CanaryOperator.Emulator.Patching;

/// <summary>A patch could not be applied. <see cref="Malformed"/>: the document itself is bad (400); otherwise it did not fit the object (422).</summary>
public sealed class PatchException(string message, bool malformed = false) : Exception(message)
{
    public bool Malformed { get; } = malformed;
}
