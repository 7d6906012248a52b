{{/* Chart name, or nameOverride, cut to the 63 characters a DNS label allows. */}}
{{- define "xinfang-common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Chart name and version as used by the helm.sh/chart label. */}}
{{- define "xinfang-common.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Fully qualified app name: <release>-<name> unless the release already contains the name. */}}
{{- define "xinfang-common.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Namespace every resource is written to: the release namespace. */}}
{{- define "xinfang-common.names.namespace" -}}
{{- .Release.Namespace -}}
{{- end -}}

{{/* ServiceAccount the pods run as: the created one, or the named existing one, or "default". */}}
{{- define "xinfang-common.names.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "xinfang-common.names.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}
