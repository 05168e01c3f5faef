{{/* Chart name, overridable. */}}
{{- define "canary-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: <release>-<chart>, or the release name alone when it already contains the chart name,
so `helm install canary-operator ...` gives plain "canary-operator" resources.
*/}}
{{- define "canary-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart label value: name-version. */}}
{{- define "canary-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The labels every object carries (Kubernetes recommended app.kubernetes.io/* labels). */}}
{{- define "canary-operator.labels" -}}
helm.sh/chart: {{ include "canary-operator.chart" . }}
{{ include "canary-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: canary-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The immutable subset used by the Deployment's selector and the Service. */}}
{{- define "canary-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "canary-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "canary-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "canary-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference; the tag defaults to the chart's appVersion. */}}
{{- define "canary-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Namespaces the operator's Roles go to with rbac.scope=namespace: the watched namespaces, or the release
namespace when none are listed (the operator is then told to watch exactly that one).
*/}}
{{- define "canary-operator.roleNamespaces" -}}
{{- if .Values.operator.watchNamespaces }}
{{- toJson (uniq .Values.operator.watchNamespaces) }}
{{- else }}
{{- toJson (list .Release.Namespace) }}
{{- end }}
{{- end }}

{{/* The namespaces passed as --namespace flags (empty = all namespaces). */}}
{{- define "canary-operator.watchNamespaces" -}}
{{- if and (eq .Values.rbac.scope "namespace") (not .Values.operator.watchNamespaces) }}
{{- toJson (list .Release.Namespace) }}
{{- else }}
{{- toJson (uniq .Values.operator.watchNamespaces) }}
{{- end }}
{{- end }}

{{/*
The operator's rules wherever Rollouts are watched. Mirrors src/CanaryOperator/Security/ApiPermissions.cs
(Scope = Cluster); tests/CanaryOperator.Tests/Packaging checks both directions. The README explains each rule.
*/}}
{{- define "canary-operator.watchRules" -}}
- apiGroups: ["argoproj.io"]
  resources: ["rollouts"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["argoproj.io"]
  resources: ["rollouts/status"]
  verbs: ["patch"]
- apiGroups: ["apps"]
  resources: ["replicasets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "patch"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "patch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "patch"]
- apiGroups: [""]
  resources: ["pods/eviction"]
  verbs: ["create"]
- apiGroups: ["networking.istio.io"]
  resources: ["virtualservices", "destinationrules"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* The leader-election rules, granted in the release namespace only (ApiPermissions Scope = OperatorNamespace). */}}
{{- define "canary-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update"]
{{- end }}
