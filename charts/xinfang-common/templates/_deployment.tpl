{{/* One HTTP probe (path on the http port) built from a probe's values, without its "enabled" key. */}}
{{- define "xinfang-common.deployment.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
{{ omit .probe "enabled" | toYaml }}
{{- end -}}

{{/* Deployment of one service: http+grpc ports, /healthz and /readyz probes, hardened pod, env from ConfigMap and Secrets. */}}
{{- define "xinfang-common.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "xinfang-common.names.fullname" . }}
  namespace: {{ include "xinfang-common.names.namespace" . | quote }}
  labels: {{- include "xinfang-common.labels.standard" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: {{ .Values.revisionHistoryLimit }}
  {{- with .Values.updateStrategy }}
  strategy: {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    matchLabels: {{- include "xinfang-common.labels.matchLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "xinfang-common.labels.standard" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- /* Roll the pods when their configuration changes. */}}
        checksum/config: {{ include "xinfang-common.configmap" . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "xinfang-common.names.serviceAccountName" . }}
      automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
      {{- with include "xinfang-common.images.pullSecrets" . }}
      {{- . | nindent 6 }}
      {{- end }}
      securityContext: {{- toYaml .Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      {{- with .Values.nodeSelector }}
      nodeSelector: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.topologySpreadConstraints }}
      topologySpreadConstraints: {{- tpl (toYaml .) $ | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ include "xinfang-common.names.name" . }}
          image: {{ include "xinfang-common.images.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          securityContext: {{- toYaml .Values.containerSecurityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ .Values.containerPorts.http }}
              protocol: TCP
            - name: grpc
              containerPort: {{ .Values.containerPorts.grpc }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "xinfang-common.names.fullname" . }}
          env: {{- include "xinfang-common.env.vars" . | nindent 12 }}
          {{- if .Values.startupProbe.enabled }}
          startupProbe: {{- include "xinfang-common.deployment.probe" (dict "probe" .Values.startupProbe "path" "/healthz") | nindent 12 }}
          {{- end }}
          {{- if .Values.livenessProbe.enabled }}
          livenessProbe: {{- include "xinfang-common.deployment.probe" (dict "probe" .Values.livenessProbe "path" "/healthz") | nindent 12 }}
          {{- end }}
          {{- if .Values.readinessProbe.enabled }}
          readinessProbe: {{- include "xinfang-common.deployment.probe" (dict "probe" .Values.readinessProbe "path" "/readyz") | nindent 12 }}
          {{- end }}
          {{- with .Values.resources }}
          resources: {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            {{- /* The root filesystem is read-only; node and libraries may still need a scratch dir. */}}
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end -}}
