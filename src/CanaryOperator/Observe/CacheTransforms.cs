using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace CanaryOperator.Observe;

/// <summary>
/// What each cache does to an object before holding it: strip the bulky metadata nobody reads, then share repeated
/// texts and label maps through one <see cref="StringPool"/> for all caches (<see cref="ObjectInterning"/>; the
/// Rollout's own status texts here). Contents stay equal to what the API served, except a Deployment's status, which
/// the operator never reads. Extension data (fields the models do not know) is untouched.
/// </summary>
public sealed class CacheTransforms(StringPool pool)
{
    public Rollout Rollout(Rollout rollout)
    {
        ObjectInterning.Object(ObjectTransforms.StripBulkyMetadata(rollout), pool);
        ObjectInterning.Selector(rollout.Spec.Selector, pool);
        ObjectInterning.PodTemplate(rollout.Spec.Template, pool);
        if (rollout.Status is not { } status)
        {
            return rollout;
        }

        return rollout with
        {
            Status = status with
            {
                CurrentPodHash = pool.Intern(status.CurrentPodHash),
                CurrentStepHash = pool.Intern(status.CurrentStepHash),
                StableRS = pool.Intern(status.StableRS),
                Selector = pool.Intern(status.Selector),
                Phase = pool.Intern(status.Phase),
                Message = pool.Intern(status.Message),
                Conditions = status.Conditions?.Select(c => c with
                {
                    Type = pool.Intern(c.Type)!,
                    Status = pool.Intern(c.Status)!,
                    Reason = pool.Intern(c.Reason),
                    Message = pool.Intern(c.Message),
                }).ToList(),
            },
        };
    }

    public V1ReplicaSet ReplicaSet(V1ReplicaSet replicaSet) => ObjectInterning.ReplicaSet(ObjectTransforms.StripBulkyMetadata(replicaSet), pool);

    public V1Deployment Deployment(V1Deployment deployment) => ObjectInterning.Deployment(ObjectTransforms.StripBulkyMetadata(deployment), pool);

    public V1Service Service(V1Service service) => Metadata(service);

    public VirtualService VirtualService(VirtualService virtualService) => Metadata(virtualService);

    public DestinationRule DestinationRule(DestinationRule rule) => Metadata(rule);

    private T Metadata<T>(T obj) where T : IKubernetesObject<V1ObjectMeta> => ObjectInterning.Object(ObjectTransforms.StripBulkyMetadata(obj), pool);
}
