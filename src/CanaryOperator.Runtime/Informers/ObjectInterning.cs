using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// Cache transforms that point the repeated texts of built-in objects at one <see cref="StringPool"/> instance
/// each (mutating the freshly decoded object, before it is cached). Only what is the same across many objects is
/// pooled: names, namespaces, label and annotation maps, owner references, pod-template fields and condition texts;
/// uids and resourceVersions are unique per object and stay as decoded.
/// </summary>
public static class ObjectInterning
{
    /// <summary>apiVersion, kind and metadata of any object.</summary>
    public static T Object<T>(T obj, StringPool pool) where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.ApiVersion = pool.Intern(obj.ApiVersion)!;
        obj.Kind = pool.Intern(obj.Kind)!;
        Metadata(obj.Metadata, pool);
        return obj;
    }

    public static void Metadata(V1ObjectMeta? meta, StringPool pool)
    {
        if (meta is null)
        {
            return;
        }

        meta.Name = pool.Intern(meta.Name);
        meta.NamespaceProperty = pool.Intern(meta.NamespaceProperty);
        meta.GenerateName = pool.Intern(meta.GenerateName);
        meta.Labels = pool.Share(meta.Labels);
        meta.Annotations = pool.Share(meta.Annotations);
        pool.InternAll(meta.Finalizers);
        foreach (var owner in meta.OwnerReferences ?? [])
        {
            owner.ApiVersion = pool.Intern(owner.ApiVersion)!;
            owner.Kind = pool.Intern(owner.Kind)!;
            owner.Name = pool.Intern(owner.Name)!;
        }
    }

    public static void Selector(V1LabelSelector? selector, StringPool pool)
    {
        if (selector is null)
        {
            return;
        }

        selector.MatchLabels = pool.Share(selector.MatchLabels);
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            requirement.Key = pool.Intern(requirement.Key)!;
            requirement.OperatorProperty = pool.Intern(requirement.OperatorProperty)!;
            pool.InternAll(requirement.Values);
        }
    }

    /// <summary>A pod template: its metadata, the pod-level settings and every container's texts.</summary>
    public static void PodTemplate(V1PodTemplateSpec? template, StringPool pool)
    {
        if (template is null)
        {
            return;
        }

        Metadata(template.Metadata, pool);
        if (template.Spec is not { } spec)
        {
            return;
        }

        spec.RestartPolicy = pool.Intern(spec.RestartPolicy);
        spec.DnsPolicy = pool.Intern(spec.DnsPolicy);
        spec.SchedulerName = pool.Intern(spec.SchedulerName);
        spec.ServiceAccountName = pool.Intern(spec.ServiceAccountName);
        spec.ServiceAccount = pool.Intern(spec.ServiceAccount);
        spec.PriorityClassName = pool.Intern(spec.PriorityClassName);
        spec.NodeSelector = pool.Share(spec.NodeSelector);
        foreach (var container in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            Container(container, pool);
        }
    }

    /// <summary>A ReplicaSet: metadata, selector, pod template and status conditions.</summary>
    public static V1ReplicaSet ReplicaSet(V1ReplicaSet replicaSet, StringPool pool)
    {
        Object(replicaSet, pool);
        Selector(replicaSet.Spec?.Selector, pool);
        PodTemplate(replicaSet.Spec?.Template, pool);
        foreach (var condition in replicaSet.Status?.Conditions ?? [])
        {
            condition.Type = pool.Intern(condition.Type)!;
            condition.Status = pool.Intern(condition.Status)!;
            condition.Reason = pool.Intern(condition.Reason);
            condition.Message = pool.Intern(condition.Message);
        }

        return replicaSet;
    }

    /// <summary>
    /// A Deployment: metadata, selector and pod template; its status is dropped, because the operator reads only a
    /// Deployment's generation, replicas, selector and template (the workloadRef), never its status.
    /// </summary>
    public static V1Deployment Deployment(V1Deployment deployment, StringPool pool)
    {
        Object(deployment, pool);
        Selector(deployment.Spec?.Selector, pool);
        PodTemplate(deployment.Spec?.Template, pool);
        deployment.Status = null;
        return deployment;
    }

    private static void Container(V1Container container, StringPool pool)
    {
        container.Name = pool.Intern(container.Name)!;
        container.Image = pool.Intern(container.Image);
        container.ImagePullPolicy = pool.Intern(container.ImagePullPolicy);
        container.TerminationMessagePath = pool.Intern(container.TerminationMessagePath);
        container.TerminationMessagePolicy = pool.Intern(container.TerminationMessagePolicy);
        container.WorkingDir = pool.Intern(container.WorkingDir);
        pool.InternAll(container.Command);
        pool.InternAll(container.Args);
        foreach (var port in container.Ports ?? [])
        {
            port.Name = pool.Intern(port.Name);
            port.Protocol = pool.Intern(port.Protocol);
        }

        foreach (var variable in container.Env ?? [])
        {
            variable.Name = pool.Intern(variable.Name)!;
            variable.Value = pool.Intern(variable.Value);
        }

        foreach (var mount in container.VolumeMounts ?? [])
        {
            mount.Name = pool.Intern(mount.Name)!;
            mount.MountPath = pool.Intern(mount.MountPath)!;
            mount.SubPath = pool.Intern(mount.SubPath);
        }
    }
}
