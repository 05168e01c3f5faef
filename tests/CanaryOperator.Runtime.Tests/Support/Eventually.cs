namespace CanaryOperator.Runtime.Tests.Support;

/// <summary>
/// Waits for a condition reached by a background loop. The timeout is only a hang guard: tests assert on the
/// condition, never on how long it took.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    public static async Task True(Func<bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow + HangGuard;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }

            await Task.Delay(2);
        }
    }
}
