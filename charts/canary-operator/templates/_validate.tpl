{{/*
Combinations values.schema.json cannot express clearly; each fails `helm install` with a message saying what
to change. Included from deployment.yaml.
*/}}
{{- define "canary-operator.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "replicaCount is %d but leaderElection.enabled is false: every replica would reconcile the same Rollouts at once. Enable leader election or set replicaCount to 1." (int .Values.replicaCount)) }}
{{- end }}
{{- end }}
