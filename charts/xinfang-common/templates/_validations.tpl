{{/* Problems in the global values every service needs, one per line; empty when all are fine. */}}
{{- define "xinfang-common.validateValues.global" -}}
{{- $g := .Values.global -}}
{{- $msgs := list -}}
{{- if not $g.kafka.brokers -}}
{{- $msgs = append $msgs "global.kafka.brokers: set at least one Kafka bootstrap broker, e.g. --set 'global.kafka.brokers={kafka-0.kafka:9092}'" -}}
{{- end -}}
{{- range $g.kafka.brokers -}}
{{- if not (regexMatch "^[A-Za-z0-9.-]+:[0-9]+$" .) -}}
{{- $msgs = append $msgs (printf "global.kafka.brokers: %q is not host:port" .) -}}
{{- end -}}
{{- end -}}
{{- if not (regexMatch "^https?://" $g.keycloak.url) -}}
{{- $msgs = append $msgs "global.keycloak.url: set the Keycloak base URL (http:// or https://), e.g. https://sso.example.org" -}}
{{- end -}}
{{- if not $g.pii.existingSecret -}}
{{- $msgs = append $msgs "global.pii.existingSecret: name the Secret holding PII_ENCRYPTION_KEY and PII_HASH_KEY (base64 of 32 bytes each), see docs/operations/helm.md" -}}
{{- end -}}
{{- if and $g.otel.endpoint (not (regexMatch "^https?://" $g.otel.endpoint)) -}}
{{- $msgs = append $msgs (printf "global.otel.endpoint: %q must be an http(s):// OTLP endpoint, or empty to disable export" $g.otel.endpoint) -}}
{{- end -}}
{{- join "\n" $msgs -}}
{{- end -}}

{{/* Problems in one service's own values (secrets, replicas vs PDB and HPA, ports, ServiceMonitor CRD), one per line. */}}
{{- define "xinfang-common.validateValues.service" -}}
{{- $v := .Values -}}
{{- $name := include "xinfang-common.names.name" . -}}
{{- $msgs := list -}}
{{- if not (include "xinfang-common.env.mongoSecret" .) -}}
{{- $msgs = append $msgs (printf "%s: global.mongo.existingSecret (or %s.mongo.existingSecret): name the Secret holding MONGO_URL" $name $name) -}}
{{- end -}}
{{- if and $v.keycloak.clientId (not $v.keycloak.existingSecret) -}}
{{- $msgs = append $msgs (printf "%s: keycloak.clientId is set: name the Secret holding its client secret in %s.keycloak.existingSecret" $name $name) -}}
{{- end -}}
{{- $floor := int $v.replicaCount -}}
{{- if $v.autoscaling.enabled -}}
{{- $floor = int $v.autoscaling.minReplicas -}}
{{- if gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas) -}}
{{- $msgs = append $msgs (printf "%s: autoscaling.minReplicas (%d) is above autoscaling.maxReplicas (%d)" $name (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) -}}
{{- end -}}
{{- if not (or $v.autoscaling.targetCPU $v.autoscaling.targetMemory) -}}
{{- $msgs = append $msgs (printf "%s: autoscaling.enabled needs autoscaling.targetCPU or autoscaling.targetMemory" $name) -}}
{{- end -}}
{{- end -}}
{{- if $v.pdb.create -}}
{{- if lt $floor 1 -}}
{{- $msgs = append $msgs (printf "%s: pdb.create=true with replicaCount=%d: a PodDisruptionBudget needs at least one replica; set replicaCount >= 1 or pdb.create=false" $name $floor) -}}
{{- else if and (eq (toString $v.pdb.maxUnavailable) "") (not (kindIs "string" $v.pdb.minAvailable)) (ge (int $v.pdb.minAvailable) $floor) -}}
{{- $msgs = append $msgs (printf "%s: pdb.minAvailable (%d) must be below the replica count (%d), or no pod can ever be evicted and node drains hang" $name (int $v.pdb.minAvailable) $floor) -}}
{{- end -}}
{{- end -}}
{{- if eq (int $v.containerPorts.http) (int $v.containerPorts.grpc) -}}
{{- $msgs = append $msgs (printf "%s: containerPorts.http and containerPorts.grpc are both %d" $name (int $v.containerPorts.http)) -}}
{{- end -}}
{{- if eq (int $v.service.ports.http) (int $v.service.ports.grpc) -}}
{{- $msgs = append $msgs (printf "%s: service.ports.http and service.ports.grpc are both %d" $name (int $v.service.ports.http)) -}}
{{- end -}}
{{- if and $v.serviceMonitor.enabled (not $v.serviceMonitor.skipCRDCheck) (not (include "xinfang-common.servicemonitor.crdPresent" .)) -}}
{{- $msgs = append $msgs (printf "%s: serviceMonitor.enabled needs the Prometheus Operator CRD monitoring.coreos.com/v1 ServiceMonitor; install it, pass --api-versions monitoring.coreos.com/v1/ServiceMonitor to helm template, or set serviceMonitor.skipCRDCheck=true" $name) -}}
{{- end -}}
{{- join "\n" $msgs -}}
{{- end -}}

{{/* Fails the render listing every message given (a list of strings, blanks ignored); renders nothing otherwise. */}}
{{- define "xinfang-common.validateValues.fail" -}}
{{- $message := join "\n" (compact .) -}}
{{- if $message -}}
{{- printf "\nVALUES VALIDATION:\n%s" $message | fail -}}
{{- end -}}
{{- end -}}

{{/* Validates a service chart's global and own values; include it from a template of every service chart. */}}
{{- define "xinfang-common.validateValues" -}}
{{- include "xinfang-common.validateValues.fail" (list (include "xinfang-common.validateValues.global" .) (include "xinfang-common.validateValues.service" .)) -}}
{{- end -}}
