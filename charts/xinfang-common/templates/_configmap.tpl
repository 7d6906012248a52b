{{/* Non-secret environment of a service (ports, database, Kafka, Keycloak, OpenTelemetry), read through envFrom; names follow @xinfang/config. */}}
{{- define "xinfang-common.configmap" -}}
{{- $global := .Values.global -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "xinfang-common.names.fullname" . }}
  namespace: {{ include "xinfang-common.names.namespace" . | quote }}
  labels: {{- include "xinfang-common.labels.standard" . | nindent 4 }}
data:
  {{- /* production also makes the services refuse to start without real PII keys. */}}
  NODE_ENV: production
  LOG_LEVEL: {{ .Values.config.logLevel | quote }}
  HTTP_PORT: {{ .Values.containerPorts.http | quote }}
  GRPC_PORT: {{ .Values.containerPorts.grpc | quote }}
  MONGO_DB: {{ .Values.mongo.database | quote }}
  KAFKA_BROKERS: {{ join "," $global.kafka.brokers | quote }}
  KEYCLOAK_URL: {{ $global.keycloak.url | quote }}
  KEYCLOAK_REALM: {{ $global.keycloak.realm | quote }}
  KEYCLOAK_AUDIENCE: {{ $global.keycloak.audience | quote }}
  {{- with .Values.keycloak.clientId }}
  KEYCLOAK_CLIENT_ID: {{ . | quote }}
  {{- end }}
  OTEL_SERVICE_NAME: {{ include "xinfang-common.names.name" . | quote }}
  {{- with $global.otel.endpoint }}
  OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
  {{- end }}
  {{- range $key, $value := .Values.config.extra }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end -}}
