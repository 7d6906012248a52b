{{/* True when the cluster (or helm template --api-versions) knows the Prometheus Operator ServiceMonitor kind. */}}
{{- define "xinfang-common.servicemonitor.crdPresent" -}}
{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor" -}}true{{- end -}}
{{- end -}}

{{/* Prometheus Operator ServiceMonitor scraping the http port, when serviceMonitor.enabled. */}}
{{- define "xinfang-common.servicemonitor" -}}
{{- if and .Values.serviceMonitor.enabled (or (include "xinfang-common.servicemonitor.crdPresent" .) .Values.serviceMonitor.skipCRDCheck) -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "xinfang-common.names.fullname" . }}
  namespace: {{ .Values.serviceMonitor.namespace | default (include "xinfang-common.names.namespace" .) | quote }}
  labels: {{- include "xinfang-common.labels.standard" . | nindent 4 }}
    {{- with .Values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  jobLabel: app.kubernetes.io/name
  namespaceSelector:
    matchNames:
      - {{ include "xinfang-common.names.namespace" . | quote }}
  selector:
    matchLabels: {{- include "xinfang-common.labels.matchLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: {{ .Values.serviceMonitor.path }}
      {{- with .Values.serviceMonitor.interval }}
      interval: {{ . }}
      {{- end }}
      {{- with .Values.serviceMonitor.scrapeTimeout }}
      scrapeTimeout: {{ . }}
      {{- end }}
{{- end -}}
{{- end -}}
