{{/* policy/v1 PodDisruptionBudget with minAvailable or maxUnavailable, when pdb.create. */}}
{{- define "xinfang-common.pdb" -}}
{{- if .Values.pdb.create -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "xinfang-common.names.fullname" . }}
  namespace: {{ include "xinfang-common.names.namespace" . | quote }}
  labels: {{- include "xinfang-common.labels.standard" . | nindent 4 }}
spec:
  {{- if ne (toString .Values.pdb.maxUnavailable) "" }}
  maxUnavailable: {{ .Values.pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ .Values.pdb.minAvailable }}
  {{- end }}
  selector:
    matchLabels: {{- include "xinfang-common.labels.matchLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}
