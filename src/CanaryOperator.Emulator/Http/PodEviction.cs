using System.Globalization;
using System.Text.Json.Nodes;
using CanaryOperator.Emulator.Selection;
using CanaryOperator.Emulator.Simulation;
using CanaryOperator.Emulator.Storage;

namespace CanaryOperator.Emulator.Http;

/// <summary>
/// <c>POST /api/v1/namespaces/{ns}/pods/{name}/eviction</c> with a policy/v1 <c>Eviction</c> body: the pod is deleted
/// unless a PodDisruptionBudget forbids it (429 TooManyRequests, as kube-apiserver answers), so the ReplicaSet simulator
/// then creates its replacement.
/// </summary>
/// <remarks>
/// The emulator has no disruption controller, so a budget's allowance is taken as follows (kept simple on purpose):
/// <list type="bullet">
/// <item>a PDB with <c>status.disruptionsAllowed</c> uses that number (a test sets it by hand), and a granted eviction
/// decrements it as the real API server does;</item>
/// <item>otherwise it is computed now: healthy = Ready, not terminating pods the selector matches; expected = all
/// non-terminating pods it matches; <c>minAvailable</c> (int, or % of expected rounded up) or <c>maxUnavailable</c>
/// (int, or % of expected rounded up) gives the healthy pods needed; allowed = healthy − needed; a PDB with neither
/// field allows everything.</item>
/// </list>
/// A pod already terminating is evicted without looking at budgets; more than one matching PDB is a 500, as upstream.
/// </remarks>
internal static class PodEviction
{
    private const string PodKey = "pods";
    private const string BudgetKey = "poddisruptionbudgets.policy";

    public static ApiResponse Evict(ObjectStore store, ResourcePath target, JsonObject body, bool dryRun)
    {
        var name = target.Name!;
        if (Obj.Name(body) is { Length: > 0 } bodyName && bodyName != name)
        {
            throw ApiException.BadRequest($"name in URL does not match name in Eviction object");
        }

        var pod = store.Get(PodKey, target.Namespace, name) ?? throw ApiException.NotFound("pods", name);
        if (pod["metadata"]?["deletionTimestamp"] is null)
        {
            var budgets = store.List(BudgetKey, target.Namespace).Items
                .Where(b => b["spec"]?["selector"] is JsonObject s && LabelSelector.FromObject(s).Matches(pod))
                .ToList();
            if (budgets.Count > 1)
            {
                throw new ApiException(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
            }

            if (budgets.Count == 1)
            {
                CheckBudget(store, budgets[0], target.Namespace, dryRun);
            }
        }

        if (!dryRun)
        {
            try
            {
                store.Delete(PodKey, target.Namespace, name, "Background");
            }
            catch (KeyNotFoundException)
            {
                throw ApiException.NotFound("pods", name);
            }
        }

        var success = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["code"] = 201,
        };
        return ApiResponse.Json(success, 201);
    }

    private static void CheckBudget(ObjectStore store, JsonObject budget, string? ns, bool dryRun)
    {
        var budgetName = Obj.Name(budget)!;
        if (Obj.Long(budget["status"]?["disruptionsAllowed"]) is { } recorded)
        {
            if (recorded <= 0)
            {
                throw Refused(budgetName, $"The disruption budget {budgetName} does not allow any more disruptions right now");
            }

            if (!dryRun)
            {
                store.Update(BudgetKey, ns, budgetName, current =>
                {
                    current["status"]!["disruptionsAllowed"] = recorded - 1;
                    return current;
                });
            }

            return;
        }

        var selector = LabelSelector.FromObject((JsonObject)budget["spec"]!["selector"]!);
        var matched = store.List(PodKey, ns).Items.Where(p => selector.Matches(p) && p["metadata"]?["deletionTimestamp"] is null).ToList();
        var expected = matched.Count;
        var healthy = matched.Count(ReplicaSetSimulator.IsReady);
        int needed;
        if (budget["spec"]?["minAvailable"] is { } minAvailable)
        {
            needed = Resolve(minAvailable, expected);
        }
        else if (budget["spec"]?["maxUnavailable"] is { } maxUnavailable)
        {
            needed = expected - Resolve(maxUnavailable, expected);
        }
        else
        {
            return;
        }

        if (healthy - needed <= 0)
        {
            throw Refused(budgetName, $"The disruption budget {budgetName} needs {needed} healthy pods and has {healthy} currently");
        }
    }

    // intstr.GetScaledValueFromIntOrPercent with roundUp = true, as the disruption controller uses for both fields.
    private static int Resolve(JsonNode value, int total)
    {
        var text = Obj.Str(value);
        if (text is not null && text.EndsWith('%')
            && int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
        {
            return (int)Math.Ceiling(percent * total / 100.0);
        }

        return (int)(Obj.Long(value) ?? 0);
    }

    private static ApiException Refused(string budgetName, string cause) =>
        new(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.",
            new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "DisruptionBudget", ["message"] = cause }),
                ["name"] = budgetName,
            });
}
