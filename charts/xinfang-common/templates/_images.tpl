{{/* Image tag: the service's image.tag, else global.imageTag, else the chart's appVersion. */}}
{{- define "xinfang-common.images.tag" -}}
{{- $global := .Values.global | default dict -}}
{{- .Values.image.tag | default $global.imageTag | default .Chart.AppVersion | toString -}}
{{- end -}}

{{/* Full image reference: [registry/]repository(:tag|@digest), registry from image or global. */}}
{{- define "xinfang-common.images.image" -}}
{{- $global := .Values.global | default dict -}}
{{- $registry := .Values.image.registry | default $global.imageRegistry -}}
{{- $repository := .Values.image.repository -}}
{{- if $registry -}}
{{- $repository = printf "%s/%s" $registry $repository -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (include "xinfang-common.images.tag" .) -}}
{{- end -}}
{{- end -}}

{{/* imagePullSecrets block merged from global.imagePullSecrets and image.pullSecrets. */}}
{{- define "xinfang-common.images.pullSecrets" -}}
{{- $global := .Values.global | default dict -}}
{{- $secrets := concat ($global.imagePullSecrets | default list) (.Values.image.pullSecrets | default list) | uniq -}}
{{- if $secrets -}}
imagePullSecrets:
{{- range $secrets }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
