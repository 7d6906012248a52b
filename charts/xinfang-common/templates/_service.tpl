{{/* ClusterIP (or configured type) Service exposing the http and grpc ports by name. */}}
{{- define "xinfang-common.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "xinfang-common.names.fullname" . }}
  namespace: {{ include "xinfang-common.names.namespace" . | quote }}
  labels: {{- include "xinfang-common.labels.standard" . | nindent 4 }}
  {{- with .Values.service.annotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - name: http
      port: {{ .Values.service.ports.http }}
      targetPort: http
      protocol: TCP
    - name: grpc
      port: {{ .Values.service.ports.grpc }}
      targetPort: grpc
      protocol: TCP
  selector: {{- include "xinfang-common.labels.matchLabels" . | nindent 4 }}
{{- end -}}
