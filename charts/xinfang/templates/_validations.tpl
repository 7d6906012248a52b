{{/* Problems only the umbrella can see (which services are on), one per line. */}}
{{- define "xinfang.validateValues.services" -}}
{{- $on := list -}}
{{- range $name := list "intake" "routing" "supervision" "hearing" "statistics" "notification" -}}
{{- if (index $.Values $name).enabled -}}
{{- $on = append $on $name -}}
{{- end -}}
{{- end -}}
{{- if not $on -}}
every service is disabled (intake.enabled ... notification.enabled are all false): nothing to install
{{- end -}}
{{- end -}}
