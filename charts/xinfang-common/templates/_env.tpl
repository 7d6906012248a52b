{{/* Secret name holding MONGO_URL: the service's own mongo.existingSecret, else the global one. */}}
{{- define "xinfang-common.env.mongoSecret" -}}
{{- .Values.mongo.existingSecret | default .Values.global.mongo.existingSecret -}}
{{- end -}}

{{/* Container env: secrets by reference, pod identity for OTEL resource attributes, extraEnv last. */}}
{{- define "xinfang-common.env.vars" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "service.namespace=xinfang,service.version=%s,k8s.namespace.name=$(POD_NAMESPACE),k8s.pod.name=$(POD_NAME)" (include "xinfang-common.images.tag" .) | quote }}
- name: MONGO_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "xinfang-common.env.mongoSecret" . }}
      key: {{ .Values.mongo.existingSecretKey | default .Values.global.mongo.existingSecretKey }}
- name: PII_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.global.pii.existingSecret }}
      key: {{ .Values.global.pii.secretKeys.encryption }}
- name: PII_HASH_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.global.pii.existingSecret }}
      key: {{ .Values.global.pii.secretKeys.hash }}
{{- if .Values.keycloak.clientId }}
- name: KEYCLOAK_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.keycloak.existingSecret }}
      key: {{ .Values.keycloak.existingSecretKey }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
