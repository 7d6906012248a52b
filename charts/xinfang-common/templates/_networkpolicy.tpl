{{/* One egress rule to an external dependency: its ports, and its peers when given (none = any address). */}}
{{- define "xinfang-common.networkpolicy.egressRule" -}}
- ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- with .to }}
  to: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* NetworkPolicy: ingress from this namespace and the ingress (and monitoring) namespace; egress to DNS, peers, Kafka, MongoDB, Keycloak, OTLP. */}}
{{- define "xinfang-common.networkpolicy" -}}
{{- if .Values.networkPolicy.enabled -}}
{{- $np := .Values.global.networkPolicy -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "xinfang-common.names.fullname" . }}
  namespace: {{ include "xinfang-common.names.namespace" . | quote }}
  labels: {{- include "xinfang-common.labels.standard" . | nindent 4 }}
spec:
  podSelector:
    matchLabels: {{- include "xinfang-common.labels.matchLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - podSelector: {}
        {{- with $np.ingressNamespace }}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ . }}
        {{- end }}
        {{- if and .Values.serviceMonitor.enabled $np.monitoringNamespace }}
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ $np.monitoringNamespace }}
        {{- end }}
      ports:
        - port: http
          protocol: TCP
        - port: grpc
          protocol: TCP
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ $np.dns.namespace }}
          podSelector:
            matchLabels: {{- toYaml $np.dns.podLabels | nindent 14 }}
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- /* The other xinfang services of this release, over gRPC and HTTP. */}}
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/part-of: xinfang
              app.kubernetes.io/instance: {{ .Release.Name }}
      ports:
        - port: grpc
          protocol: TCP
        - port: http
          protocol: TCP
    {{- include "xinfang-common.networkpolicy.egressRule" $np.kafka | nindent 4 }}
    {{- include "xinfang-common.networkpolicy.egressRule" $np.mongo | nindent 4 }}
    {{- include "xinfang-common.networkpolicy.egressRule" $np.keycloak | nindent 4 }}
    {{- if .Values.global.otel.endpoint }}
    {{- include "xinfang-common.networkpolicy.egressRule" $np.otel | nindent 4 }}
    {{- end }}
    {{- with .Values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}
