using static CanaryOperator.Engine.Hashing.GoType;

namespace CanaryOperator.Engine.Hashing;

/// <summary>
/// Field order and json tags of the k8s.io/api v0.34 structs under <c>corev1.PodTemplateSpec</c>, as Go's
/// encoding/json walks them (embedded structs such as ProbeHandler, VolumeSource and LocalObjectReference are
/// flattened into their parent). FROZEN: any edit changes pod-template hashes of existing rollouts and so
/// redeploys them; extend only with types that were previously written through the sorted-keys fallback, and
/// add a golden test when you do.
/// </summary>
public static class PodTemplateGoLayout
{
    private static readonly GoType Int64Ptr = Ptr(Int);
    private static readonly GoType BoolPtr = Ptr(Bool);
    private static readonly GoType StrPtr = Ptr(Str);
    private static readonly GoType Strings = Slice(Str);
    private static readonly GoType StringMap = Map(Str);
    private static readonly GoType ResourceList = Map(Quantity);

    public static GoStructTable Table { get; } = new(Build(), UnknownFieldPolicy.AppendSorted);

    private static Dictionary<string, IReadOnlyList<GoField>> Build()
    {
        var t = new Dictionary<string, IReadOnlyList<GoField>>
        {
            ["PodTemplateSpec"] =
            [
                new("metadata", Struct("ObjectMeta")),
                new("spec", Struct("PodSpec")),
            ],
            ["ObjectMeta"] =
            [
                new("name", Str),
                new("generateName", Str),
                new("namespace", Str),
                new("selfLink", Str),
                new("uid", Str),
                new("resourceVersion", Str),
                new("generation", Int),
                new("creationTimestamp", Time),
                new("deletionTimestamp", Ptr(Str)),
                new("deletionGracePeriodSeconds", Int64Ptr),
                new("labels", StringMap),
                new("annotations", StringMap),
                new("ownerReferences", SliceOf("OwnerReference")),
                new("finalizers", Strings),
                new("managedFields", Slice(Any)),
            ],
            ["OwnerReference"] =
            [
                new("apiVersion", Str, OmitEmpty: false),
                new("kind", Str, OmitEmpty: false),
                new("name", Str, OmitEmpty: false),
                new("uid", Str, OmitEmpty: false),
                new("controller", BoolPtr),
                new("blockOwnerDeletion", BoolPtr),
            ],
            ["PodSpec"] =
            [
                new("volumes", SliceOf("Volume")),
                new("initContainers", SliceOf("Container")),
                new("containers", SliceOf("Container"), OmitEmpty: false),
                new("ephemeralContainers", SliceOf("EphemeralContainer")),
                new("restartPolicy", Str),
                new("terminationGracePeriodSeconds", Int64Ptr),
                new("activeDeadlineSeconds", Int64Ptr),
                new("dnsPolicy", Str),
                new("nodeSelector", StringMap),
                new("serviceAccountName", Str),
                new("serviceAccount", Str),
                new("automountServiceAccountToken", BoolPtr),
                new("nodeName", Str),
                new("hostNetwork", Bool),
                new("hostPID", Bool),
                new("hostIPC", Bool),
                new("shareProcessNamespace", BoolPtr),
                new("securityContext", PtrStruct("PodSecurityContext")),
                new("imagePullSecrets", SliceOf("LocalObjectReference")),
                new("hostname", Str),
                new("subdomain", Str),
                new("affinity", PtrStruct("Affinity")),
                new("schedulerName", Str),
                new("tolerations", SliceOf("Toleration")),
                new("hostAliases", SliceOf("HostAlias")),
                new("priorityClassName", Str),
                new("priority", Int64Ptr),
                new("dnsConfig", PtrStruct("PodDNSConfig")),
                new("readinessGates", SliceOf("PodReadinessGate")),
                new("runtimeClassName", StrPtr),
                new("enableServiceLinks", BoolPtr),
                new("preemptionPolicy", StrPtr),
                new("overhead", ResourceList),
                new("topologySpreadConstraints", SliceOf("TopologySpreadConstraint")),
                new("setHostnameAsFQDN", BoolPtr),
                new("os", PtrStruct("PodOS")),
                new("hostUsers", BoolPtr),
                new("schedulingGates", SliceOf("PodSchedulingGate")),
                new("resourceClaims", SliceOf("PodResourceClaim")),
                new("resources", PtrStruct("ResourceRequirements")),
                new("hostnameOverride", StrPtr),
            ],
            ["ContainerPort"] =
            [
                new("name", Str),
                new("hostPort", Int),
                new("containerPort", Int, OmitEmpty: false),
                new("protocol", Str),
                new("hostIP", Str),
            ],
            ["EnvFromSource"] =
            [
                new("prefix", Str),
                new("configMapRef", PtrStruct("ConfigMapEnvSource")),
                new("secretRef", PtrStruct("SecretEnvSource")),
            ],
            ["ConfigMapEnvSource"] = [new("name", Str), new("optional", BoolPtr)],
            ["SecretEnvSource"] = [new("name", Str), new("optional", BoolPtr)],
            ["EnvVar"] =
            [
                new("name", Str, OmitEmpty: false),
                new("value", Str),
                new("valueFrom", PtrStruct("EnvVarSource")),
            ],
            ["EnvVarSource"] =
            [
                new("fieldRef", PtrStruct("ObjectFieldSelector")),
                new("resourceFieldRef", PtrStruct("ResourceFieldSelector")),
                new("configMapKeyRef", PtrStruct("ConfigMapKeySelector")),
                new("secretKeyRef", PtrStruct("SecretKeySelector")),
                new("fileKeyRef", Ptr(Any)),
            ],
            ["ObjectFieldSelector"] =
            [
                new("apiVersion", Str),
                new("fieldPath", Str, OmitEmpty: false),
            ],
            ["ResourceFieldSelector"] =
            [
                new("containerName", Str),
                new("resource", Str, OmitEmpty: false),
                new("divisor", Quantity),
            ],
            ["ConfigMapKeySelector"] =
            [
                new("name", Str),
                new("key", Str, OmitEmpty: false),
                new("optional", BoolPtr),
            ],
            ["SecretKeySelector"] =
            [
                new("name", Str),
                new("key", Str, OmitEmpty: false),
                new("optional", BoolPtr),
            ],
            ["ResourceRequirements"] =
            [
                new("limits", ResourceList),
                new("requests", ResourceList),
                new("claims", SliceOf("ResourceClaim")),
            ],
            ["ResourceClaim"] = [new("name", Str, OmitEmpty: false), new("request", Str)],
            ["ContainerResizePolicy"] =
            [
                new("resourceName", Str, OmitEmpty: false),
                new("restartPolicy", Str, OmitEmpty: false),
            ],
            ["VolumeMount"] =
            [
                new("name", Str, OmitEmpty: false),
                new("readOnly", Bool),
                new("recursiveReadOnly", StrPtr),
                new("mountPath", Str, OmitEmpty: false),
                new("subPath", Str),
                new("mountPropagation", StrPtr),
                new("subPathExpr", Str),
            ],
            ["VolumeDevice"] =
            [
                new("name", Str, OmitEmpty: false),
                new("devicePath", Str, OmitEmpty: false),
            ],
            ["Probe"] =
            [
                new("exec", PtrStruct("ExecAction")),
                new("httpGet", PtrStruct("HTTPGetAction")),
                new("tcpSocket", PtrStruct("TCPSocketAction")),
                new("grpc", PtrStruct("GRPCAction")),
                new("initialDelaySeconds", Int),
                new("timeoutSeconds", Int),
                new("periodSeconds", Int),
                new("successThreshold", Int),
                new("failureThreshold", Int),
                new("terminationGracePeriodSeconds", Int64Ptr),
            ],
            ["ExecAction"] = [new("command", Strings)],
            ["HTTPGetAction"] =
            [
                new("path", Str),
                new("port", IntOrString),
                new("host", Str),
                new("scheme", Str),
                new("httpHeaders", SliceOf("HTTPHeader")),
            ],
            ["HTTPHeader"] =
            [
                new("name", Str, OmitEmpty: false),
                new("value", Str, OmitEmpty: false),
            ],
            ["TCPSocketAction"] = [new("port", IntOrString), new("host", Str)],
            ["GRPCAction"] =
            [
                new("port", Int, OmitEmpty: false),
                new("service", StrPtr, OmitEmpty: false),
            ],
            ["Lifecycle"] =
            [
                new("postStart", PtrStruct("LifecycleHandler")),
                new("preStop", PtrStruct("LifecycleHandler")),
                new("stopSignal", StrPtr),
            ],
            ["LifecycleHandler"] =
            [
                new("exec", PtrStruct("ExecAction")),
                new("httpGet", PtrStruct("HTTPGetAction")),
                new("tcpSocket", PtrStruct("TCPSocketAction")),
                new("sleep", PtrStruct("SleepAction")),
            ],
            ["SleepAction"] = [new("seconds", Int, OmitEmpty: false)],
            ["SecurityContext"] =
            [
                new("capabilities", PtrStruct("Capabilities")),
                new("privileged", BoolPtr),
                new("seLinuxOptions", PtrStruct("SELinuxOptions")),
                new("windowsOptions", PtrStruct("WindowsSecurityContextOptions")),
                new("runAsUser", Int64Ptr),
                new("runAsGroup", Int64Ptr),
                new("runAsNonRoot", BoolPtr),
                new("readOnlyRootFilesystem", BoolPtr),
                new("allowPrivilegeEscalation", BoolPtr),
                new("procMount", StrPtr),
                new("seccompProfile", PtrStruct("SeccompProfile")),
                new("appArmorProfile", PtrStruct("AppArmorProfile")),
            ],
            ["Capabilities"] = [new("add", Strings), new("drop", Strings)],
            ["SELinuxOptions"] =
            [
                new("user", Str),
                new("role", Str),
                new("type", Str),
                new("level", Str),
            ],
            ["WindowsSecurityContextOptions"] =
            [
                new("gmsaCredentialSpecName", StrPtr),
                new("gmsaCredentialSpec", StrPtr),
                new("runAsUserName", StrPtr),
                new("hostProcess", BoolPtr),
            ],
            ["SeccompProfile"] = [new("type", Str, OmitEmpty: false), new("localhostProfile", StrPtr)],
            ["AppArmorProfile"] = [new("type", Str, OmitEmpty: false), new("localhostProfile", StrPtr)],
            ["PodSecurityContext"] =
            [
                new("seLinuxOptions", PtrStruct("SELinuxOptions")),
                new("windowsOptions", PtrStruct("WindowsSecurityContextOptions")),
                new("runAsUser", Int64Ptr),
                new("runAsGroup", Int64Ptr),
                new("runAsNonRoot", BoolPtr),
                new("supplementalGroups", Slice(Int)),
                new("supplementalGroupsPolicy", StrPtr),
                new("fsGroup", Int64Ptr),
                new("sysctls", SliceOf("Sysctl")),
                new("fsGroupChangePolicy", StrPtr),
                new("seccompProfile", PtrStruct("SeccompProfile")),
                new("appArmorProfile", PtrStruct("AppArmorProfile")),
                new("seLinuxChangePolicy", StrPtr),
            ],
            ["Sysctl"] = [new("name", Str, OmitEmpty: false), new("value", Str, OmitEmpty: false)],
            ["LocalObjectReference"] = [new("name", Str)],
            ["Toleration"] =
            [
                new("key", Str),
                new("operator", Str),
                new("value", Str),
                new("effect", Str),
                new("tolerationSeconds", Int64Ptr),
            ],
            ["HostAlias"] = [new("ip", Str, OmitEmpty: false), new("hostnames", Strings)],
            ["PodDNSConfig"] =
            [
                new("nameservers", Strings),
                new("searches", Strings),
                new("options", SliceOf("PodDNSConfigOption")),
            ],
            ["PodDNSConfigOption"] = [new("name", Str), new("value", StrPtr)],
            ["PodReadinessGate"] = [new("conditionType", Str, OmitEmpty: false)],
            ["PodOS"] = [new("name", Str, OmitEmpty: false)],
            ["PodSchedulingGate"] = [new("name", Str, OmitEmpty: false)],
            ["PodResourceClaim"] =
            [
                new("name", Str, OmitEmpty: false),
                new("resourceClaimName", StrPtr),
                new("resourceClaimTemplateName", StrPtr),
            ],
            ["TopologySpreadConstraint"] =
            [
                new("maxSkew", Int, OmitEmpty: false),
                new("topologyKey", Str, OmitEmpty: false),
                new("whenUnsatisfiable", Str, OmitEmpty: false),
                new("labelSelector", PtrStruct("LabelSelector")),
                new("minDomains", Int64Ptr),
                new("nodeAffinityPolicy", StrPtr),
                new("nodeTaintsPolicy", StrPtr),
                new("matchLabelKeys", Strings),
            ],
            ["LabelSelector"] =
            [
                new("matchLabels", StringMap),
                new("matchExpressions", SliceOf("LabelSelectorRequirement")),
            ],
            ["LabelSelectorRequirement"] =
            [
                new("key", Str, OmitEmpty: false),
                new("operator", Str, OmitEmpty: false),
                new("values", Strings),
            ],
            ["Affinity"] =
            [
                new("nodeAffinity", PtrStruct("NodeAffinity")),
                new("podAffinity", PtrStruct("PodAffinity")),
                new("podAntiAffinity", PtrStruct("PodAffinity")),
            ],
            ["NodeAffinity"] =
            [
                new("requiredDuringSchedulingIgnoredDuringExecution", PtrStruct("NodeSelector")),
                new("preferredDuringSchedulingIgnoredDuringExecution", SliceOf("PreferredSchedulingTerm")),
            ],
            ["NodeSelector"] = [new("nodeSelectorTerms", SliceOf("NodeSelectorTerm"), OmitEmpty: false)],
            ["NodeSelectorTerm"] =
            [
                new("matchExpressions", SliceOf("NodeSelectorRequirement")),
                new("matchFields", SliceOf("NodeSelectorRequirement")),
            ],
            ["NodeSelectorRequirement"] =
            [
                new("key", Str, OmitEmpty: false),
                new("operator", Str, OmitEmpty: false),
                new("values", Strings),
            ],
            ["PreferredSchedulingTerm"] =
            [
                new("weight", Int, OmitEmpty: false),
                new("preference", Struct("NodeSelectorTerm")),
            ],

            // PodAffinity and PodAntiAffinity have the same layout.
            ["PodAffinity"] =
            [
                new("requiredDuringSchedulingIgnoredDuringExecution", SliceOf("PodAffinityTerm")),
                new("preferredDuringSchedulingIgnoredDuringExecution", SliceOf("WeightedPodAffinityTerm")),
            ],
            ["PodAffinityTerm"] =
            [
                new("labelSelector", PtrStruct("LabelSelector")),
                new("namespaces", Strings),
                new("topologyKey", Str, OmitEmpty: false),
                new("namespaceSelector", PtrStruct("LabelSelector")),
                new("matchLabelKeys", Strings),
                new("mismatchLabelKeys", Strings),
            ],
            ["WeightedPodAffinityTerm"] =
            [
                new("weight", Int, OmitEmpty: false),
                new("podAffinityTerm", Struct("PodAffinityTerm")),
            ],
            ["HostPathVolumeSource"] = [new("path", Str, OmitEmpty: false), new("type", StrPtr)],
            ["EmptyDirVolumeSource"] = [new("medium", Str), new("sizeLimit", Ptr(Quantity))],
            ["SecretVolumeSource"] =
            [
                new("secretName", Str),
                new("items", SliceOf("KeyToPath")),
                new("defaultMode", Int64Ptr),
                new("optional", BoolPtr),
            ],
            ["ConfigMapVolumeSource"] =
            [
                new("name", Str),
                new("items", SliceOf("KeyToPath")),
                new("defaultMode", Int64Ptr),
                new("optional", BoolPtr),
            ],
            ["KeyToPath"] =
            [
                new("key", Str, OmitEmpty: false),
                new("path", Str, OmitEmpty: false),
                new("mode", Int64Ptr),
            ],
            ["PersistentVolumeClaimVolumeSource"] =
            [
                new("claimName", Str, OmitEmpty: false),
                new("readOnly", Bool),
            ],
            ["DownwardAPIVolumeSource"] =
            [
                new("items", SliceOf("DownwardAPIVolumeFile")),
                new("defaultMode", Int64Ptr),
            ],
            ["DownwardAPIVolumeFile"] =
            [
                new("path", Str, OmitEmpty: false),
                new("fieldRef", PtrStruct("ObjectFieldSelector")),
                new("resourceFieldRef", PtrStruct("ResourceFieldSelector")),
                new("mode", Int64Ptr),
            ],
            ["ProjectedVolumeSource"] =
            [
                new("sources", SliceOf("VolumeProjection"), OmitEmpty: false),
                new("defaultMode", Int64Ptr),
            ],
            ["VolumeProjection"] =
            [
                new("secret", PtrStruct("SecretProjection")),
                new("downwardAPI", PtrStruct("DownwardAPIProjection")),
                new("configMap", PtrStruct("ConfigMapProjection")),
                new("serviceAccountToken", PtrStruct("ServiceAccountTokenProjection")),
                new("clusterTrustBundle", Ptr(Any)),
                new("podCertificate", Ptr(Any)),
            ],
            ["SecretProjection"] =
            [
                new("name", Str),
                new("items", SliceOf("KeyToPath")),
                new("optional", BoolPtr),
            ],
            ["ConfigMapProjection"] =
            [
                new("name", Str),
                new("items", SliceOf("KeyToPath")),
                new("optional", BoolPtr),
            ],
            ["DownwardAPIProjection"] = [new("items", SliceOf("DownwardAPIVolumeFile"))],
            ["ServiceAccountTokenProjection"] =
            [
                new("audience", Str),
                new("expirationSeconds", Int64Ptr),
                new("path", Str, OmitEmpty: false),
            ],
            ["CSIVolumeSource"] =
            [
                new("driver", Str, OmitEmpty: false),
                new("readOnly", BoolPtr),
                new("fsType", StrPtr),
                new("volumeAttributes", StringMap),
                new("nodePublishSecretRef", PtrStruct("LocalObjectReference")),
            ],
        };

        t["Container"] = ContainerFields([]);
        t["EphemeralContainer"] = ContainerFields([new("targetContainerName", Str)]);
        t["Volume"] = VolumeFields();
        return t;
    }

    /// <summary>Container (EphemeralContainer embeds the same fields, then adds its own).</summary>
    private static GoField[] ContainerFields(GoField[] extra) =>
    [
        new("name", Str, OmitEmpty: false),
        new("image", Str),
        new("command", Strings),
        new("args", Strings),
        new("workingDir", Str),
        new("ports", SliceOf("ContainerPort")),
        new("envFrom", SliceOf("EnvFromSource")),
        new("env", SliceOf("EnvVar")),
        new("resources", Struct("ResourceRequirements")),
        new("resizePolicy", SliceOf("ContainerResizePolicy")),
        new("restartPolicy", StrPtr),
        new("restartPolicyRules", Slice(Any)),
        new("volumeMounts", SliceOf("VolumeMount")),
        new("volumeDevices", SliceOf("VolumeDevice")),
        new("livenessProbe", PtrStruct("Probe")),
        new("readinessProbe", PtrStruct("Probe")),
        new("startupProbe", PtrStruct("Probe")),
        new("lifecycle", PtrStruct("Lifecycle")),
        new("terminationMessagePath", Str),
        new("terminationMessagePolicy", Str),
        new("imagePullPolicy", Str),
        new("securityContext", PtrStruct("SecurityContext")),
        new("stdin", Bool),
        new("stdinOnce", Bool),
        new("tty", Bool),
        .. extra,
    ];

    /// <summary>Volume: name, then the embedded VolumeSource's one-of pointers in Go order.</summary>
    private static GoField[] VolumeFields() =>
    [
        new("name", Str, OmitEmpty: false),
        new("hostPath", PtrStruct("HostPathVolumeSource")),
        new("emptyDir", PtrStruct("EmptyDirVolumeSource")),
        new("gcePersistentDisk", Ptr(Any)),
        new("awsElasticBlockStore", Ptr(Any)),
        new("gitRepo", Ptr(Any)),
        new("secret", PtrStruct("SecretVolumeSource")),
        new("nfs", Ptr(Any)),
        new("iscsi", Ptr(Any)),
        new("glusterfs", Ptr(Any)),
        new("persistentVolumeClaim", PtrStruct("PersistentVolumeClaimVolumeSource")),
        new("rbd", Ptr(Any)),
        new("flexVolume", Ptr(Any)),
        new("cinder", Ptr(Any)),
        new("cephfs", Ptr(Any)),
        new("flocker", Ptr(Any)),
        new("downwardAPI", PtrStruct("DownwardAPIVolumeSource")),
        new("fc", Ptr(Any)),
        new("azureFile", Ptr(Any)),
        new("configMap", PtrStruct("ConfigMapVolumeSource")),
        new("vsphereVolume", Ptr(Any)),
        new("quobyte", Ptr(Any)),
        new("azureDisk", Ptr(Any)),
        new("photonPersistentDisk", Ptr(Any)),
        new("projected", PtrStruct("ProjectedVolumeSource")),
        new("portworxVolume", Ptr(Any)),
        new("scaleIO", Ptr(Any)),
        new("storageos", Ptr(Any)),
        new("csi", PtrStruct("CSIVolumeSource")),
        new("ephemeral", Ptr(Any)),
        new("image", Ptr(Any)),
    ];
}
