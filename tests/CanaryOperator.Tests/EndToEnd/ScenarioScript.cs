namespace CanaryOperator.Tests.EndToEnd;

/// <summary>
/// A rollout scenario as the user plays it: wait for a state, then do a gesture; the last step's condition is the
/// final state. <see cref="RunAsync"/> drives virtual time and calls <c>onTick</c> between steps, where crash and
/// fault tests kill operators or drop watches.
/// </summary>
internal sealed record ScenarioScript(string Name, IReadOnlyList<ScenarioStep> Steps)
{
    public async Task RunAsync(Testbed bed, Func<Task>? onTick = null, TimeSpan? maxVirtualPerStep = null)
    {
        var limit = maxVirtualPerStep ?? TimeSpan.FromMinutes(3);
        foreach (var step in Steps)
        {
            var deadline = bed.Clock.GetUtcNow() + limit;
            while (true)
            {
                if (onTick is not null)
                {
                    await onTick();
                }

                await bed.SettleAsync();
                if (step.Until(bed))
                {
                    break;
                }

                if (bed.Clock.GetUtcNow() >= deadline)
                {
                    throw new TimeoutException($"{Name}: '{step.Description}' not reached within {limit} of virtual time\n{bed.Describe()}");
                }

                bed.Clock.Advance(TimeSpan.FromMilliseconds(500));
            }

            if (step.Then is not null)
            {
                await Retry(() => step.Then(bed));
            }
        }
    }

    /// <summary>The user's gestures retry on injected faults, as a user re-running kubectl would.</summary>
    private static async Task Retry(Func<Task> gesture)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await gesture();
                return;
            }
            catch (Exception) when (attempt < 50)
            {
                await Task.Delay(5);
            }
        }
    }
}

internal sealed record ScenarioStep(string Description, Func<Testbed, bool> Until, Func<Testbed, Task>? Then = null);
