{{/* The generated topology (test/deploy/generate-kafka-resources.ts): services, topics, groups, peers. */}}
{{- define "care.topology" -}}
{{- .Files.Get "files/event-topology.json" -}}
{{- end -}}

{{- define "care.labels" -}}
app.kubernetes.io/part-of: care-platform
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{/* Selector labels of one service's pods: (dict "name" $name "root" $) */}}
{{- define "care.selector" -}}
app.kubernetes.io/name: {{ .name }}
{{- end -}}

{{/* A service's settings: serviceDefaults deep-merged with services.<name>. */}}
{{- define "care.serviceValues" -}}
{{- $own := index .root.Values.services .name | default dict -}}
{{- toJson (mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own)) -}}
{{- end -}}

{{/* Settings the chart knows how to fill in production; anything else the app requires fails the render. */}}
{{- define "care.knownSettings" -}}
{{- toJson (list "HTTP_PORT" "GRPC_BIND_ADDRESS" "MONGODB_URI" "KAFKA_BROKERS" "KAFKA_TLS_CA_FILE" "KAFKA_TLS_CERT_FILE" "KAFKA_TLS_KEY_FILE" "PERSONAL_DATA_KEYS" "BLIND_INDEX_KEY" "AUDIT_CHAIN_KEY" "GATEWAY_TLS_CERT_FILE" "GATEWAY_TLS_KEY_FILE" "GATEWAY_TLS_CA_FILE" "GATEWAY_SIGNING_KEY_FILE" "GATEWAY_PEERS_FILE" "GATEWAY_PAIR_KEYS_FILE") -}}
{{- end -}}

{{- define "care.kafkaUser" -}}{{ .root.Values.kafka.clusterName }}-{{ .name }}{{- end -}}
