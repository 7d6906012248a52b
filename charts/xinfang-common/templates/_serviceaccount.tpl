{{/* ServiceAccount for the pods, without an automounted API token (the services never call the API server). */}}
{{- define "xinfang-common.serviceaccount" -}}
{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "xinfang-common.names.serviceAccountName" . }}
  namespace: {{ include "xinfang-common.names.namespace" . | quote }}
  labels: {{- include "xinfang-common.labels.standard" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
{{- end -}}
{{- end -}}
