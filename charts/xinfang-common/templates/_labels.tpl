{{/* Recommended app.kubernetes.io labels put on every resource. */}}
{{- define "xinfang-common.labels.standard" -}}
app.kubernetes.io/name: {{ include "xinfang-common.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ include "xinfang-common.images.tag" . | trunc 63 | quote }}
app.kubernetes.io/component: service
app.kubernetes.io/part-of: xinfang
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "xinfang-common.names.chart" . }}
{{- end -}}

{{/* Immutable subset of the labels used by selectors (Deployment, Service, PDB, policies). */}}
{{- define "xinfang-common.labels.matchLabels" -}}
app.kubernetes.io/name: {{ include "xinfang-common.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
