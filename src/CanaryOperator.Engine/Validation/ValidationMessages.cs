namespace CanaryOperator.Engine.Validation;

/// <summary>
/// Argo's validation messages (<c>pkg/apis/rollouts/validation/validation.go</c> constants) at the vectors' commit.
/// </summary>
public static class ValidationMessages
{
    public static string MissingField(string field) => $"Rollout has missing field '{field}'";

    public static string InvalidSetWeight(int maxWeight) => $"SetWeight needs to be between 0 and {maxWeight}";

    public const string ExperimentWeightWithoutTrafficRouting = "Experiment template weight cannot be set unless TrafficRouting is enabled";
    public const string SetCanaryScaleWithoutTrafficRouting = "SetCanaryScale requires TrafficRouting to be set";
    public const string SetHeaderRouteTrafficPolicy = "SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix";
    public const string SetMirrorRouteTrafficPolicy = "SetMirrorRoute requires TrafficRouting, supports Istio only";
    public const string StringMatchMultipleValues = "StringMatch match value must have exactly one of the following: exact, regex, prefix";
    public const string StringMatchMissingValue = "StringMatch value missed, match value must have one of the following: exact, regex, prefix";
    public const string HeaderRouteAlbExactOnly = "SetHeaderRoute match value invalid. ALB supports 'exact' value only";
    public const string InvalidDuration = "Duration needs to be greater than 0";
    public const string InvalidStep = "Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause";
    public const string MultipleStrategies = "Multiple Strategies can not be listed";
    public const string DuplicatedCanaryServices = "This rollout uses the same service for the stable and canary services, but two different services are required.";
    public const string AntiAffinityOneStrategy = "AntiAffinity must have exactly one strategy listed";
    public const string AntiAffinityWeight = "AntiAffinity weight must be between 1-100";
    public const string CanaryStableServicesRequired = "Canary service and Stable service must to be set to use Traffic Routing";
    public const string ScaleDownDelayWithoutTrafficRouting = "Canary scaleDownDelaySeconds can only be used with traffic routing";
    public const string DynamicStableScaleWithoutTrafficRouting = "Canary dynamicStableScale can only be used with traffic routing";
    public const string DynamicStableScaleWithScaleDownDelay = "Canary dynamicStableScale cannot be used with scaleDownDelaySeconds";
    public const string MaxTrafficWeightNginxAndPluginsOnly = "Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins";
    public const string PingPongServicesRequired = "Ping service and Pong service must to be set to use Ping-Pong feature";
    public const string DuplicatedPingPongServices = "This rollout uses the same service for the ping and pong services, but two different services are required.";
    public const string PingPongRoutersOnly = "Ping-pong feature works with the ALB and Istio traffic routers only";
    public const string StepRouteNotInManagedRoutes = "Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes";
    public const string EmptySelector = "empty selector is invalid for deployment";
    public const string SelectorDoesNotMatchTemplate = "`selector` does not match template `labels`";
    public const string TemplateMustBeEmpty = "template must be empty for workload reference rollout";
    public const string NonNegative = "must be greater than or equal to 0";
    public const string ProgressDeadlineAfterMinReady = "must be greater than minReadySeconds";
}
