using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Status;

/// <summary>
/// Reading and writing <c>status.conditions</c> the Kubernetes way (<c>utils/conditions/conditions.go:SetRolloutCondition</c>):
/// lastTransitionTime changes only when the condition's status flips; a condition equal in status, reason and
/// message is left untouched (so its lastUpdateTime too). Unlike Argo, a replaced condition keeps its position
/// in the list, so unchanged passes produce byte-identical status.
/// </summary>
public static class RolloutConditionList
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    public static RolloutCondition? Get(IReadOnlyList<RolloutCondition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>A new condition stamped with <paramref name="now"/> for both times.</summary>
    public static RolloutCondition New(string type, string status, string reason, string message, DateTimeOffset now) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now };

    /// <summary>Sets <paramref name="condition"/>; returns the new list and whether anything changed.</summary>
    public static (IReadOnlyList<RolloutCondition> Conditions, bool Changed) Set(IReadOnlyList<RolloutCondition>? conditions, RolloutCondition condition)
    {
        var list = conditions?.ToList() ?? [];
        var index = list.FindIndex(c => c.Type == condition.Type);
        if (index < 0)
        {
            list.Add(condition);
            return (list, true);
        }

        var current = list[index];
        if (current.Status == condition.Status && current.Reason == condition.Reason && current.Message == condition.Message)
        {
            return (list, false);
        }

        if (current.Status == condition.Status)
        {
            condition = condition with { LastTransitionTime = current.LastTransitionTime };
        }

        list[index] = condition;
        return (list, true);
    }

    /// <summary>
    /// Like <see cref="Set"/> but always refreshes lastUpdateTime (the Progressing condition on progress,
    /// <c>calculateRolloutConditions</c>): lastTransitionTime kept when the status does not flip.
    /// </summary>
    public static IReadOnlyList<RolloutCondition> Refresh(IReadOnlyList<RolloutCondition>? conditions, RolloutCondition condition)
    {
        var list = conditions?.ToList() ?? [];
        var index = list.FindIndex(c => c.Type == condition.Type);
        if (index < 0)
        {
            list.Add(condition);
            return list;
        }

        if (list[index].Status == condition.Status)
        {
            condition = condition with { LastTransitionTime = list[index].LastTransitionTime };
        }

        list[index] = condition;
        return list;
    }

    public static IReadOnlyList<RolloutCondition> Remove(IReadOnlyList<RolloutCondition>? conditions, string type) =>
        (conditions ?? []).Where(c => c.Type != type).ToList();
}
