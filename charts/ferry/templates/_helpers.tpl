{{/* The chart's name, shortened to a DNS label. */}}
{{- define "ferry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of every object: the release name, with the chart name unless the release already contains it. */}}
{{- define "ferry.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ferry.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ferry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ferry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ferry.labels" -}}
helm.sh/chart: {{ include "ferry.chart" . }}
{{ include "ferry.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: log-agent
{{- end }}

{{- define "ferry.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ferry.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ferry.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Where the config, the positions and extra file sources live inside the container. */}}
{{- define "ferry.configDir" -}}/etc/ferry{{- end }}
{{- define "ferry.positionsDir" -}}/var/lib/ferry{{- end }}
{{- define "ferry.fileSourceMountPath" -}}
{{- default (printf "/var/log/ferry/%s" .name) .mountPath }}
{{- end }}

{{/* The user id Ferry runs as: the container's runAsUser, else the pod's, else the image's (10001). 0 counts: hasKey, not default. */}}
{{- define "ferry.runAsUser" -}}
{{- $uid := 10001 }}
{{- if hasKey .Values.podSecurityContext "runAsUser" }}{{ $uid = .Values.podSecurityContext.runAsUser }}{{ end }}
{{- if hasKey .Values.securityContext "runAsUser" }}{{ $uid = .Values.securityContext.runAsUser }}{{ end }}
{{- int64 $uid }}
{{- end }}

{{- define "ferry.runAsGroup" -}}
{{- $gid := include "ferry.runAsUser" . }}
{{- if hasKey .Values.podSecurityContext "runAsGroup" }}{{ $gid = .Values.podSecurityContext.runAsGroup }}{{ end }}
{{- if hasKey .Values.securityContext "runAsGroup" }}{{ $gid = .Values.securityContext.runAsGroup }}{{ end }}
{{- int64 $gid }}
{{- end }}

{{/* The sources of config.yaml, built from `kubernetes`, `extraFileSources` and `extraSources`. */}}
{{- define "ferry.sources" -}}
{{- $sources := list }}
{{- if .Values.kubernetes.enabled }}
{{- $k := dict "mode" .Values.kubernetes.mode "node_name" "${NODE_NAME}" }}
{{- if eq .Values.kubernetes.mode "files" }}
{{- $_ := set $k "log_root" .Values.kubernetes.logRoot }}
{{- end }}
{{- if .Values.kubernetes.relabelConfigs }}
{{- $_ := set $k "relabel_configs" .Values.kubernetes.relabelConfigs }}
{{- end }}
{{- $sources = append $sources (dict "name" .Values.kubernetes.name "pipeline" .Values.kubernetes.pipeline "kubernetes" $k) }}
{{- end }}
{{- range .Values.extraFileSources }}
{{- $dir := include "ferry.fileSourceMountPath" . }}
{{- $paths := list }}
{{- range (default (list "*.log") .include) }}
{{- $paths = append $paths (printf "%s/%s" $dir .) }}
{{- end }}
{{- $file := dict "paths" $paths "tail_from_end" (ternary .tailFromEnd true (hasKey . "tailFromEnd")) }}
{{- if .labels }}
{{- $_ := set $file "labels" .labels }}
{{- end }}
{{- $source := dict "name" .name "file" $file }}
{{- if .pipeline }}
{{- $_ := set $source "pipeline" .pipeline }}
{{- end }}
{{- $sources = append $sources $source }}
{{- end }}
{{- range .Values.extraSources }}
{{- $sources = append $sources . }}
{{- end }}
{{- toYaml $sources }}
{{- end }}

{{/*
Ferry's config.yaml. Every user value goes through toYaml, never tpl: text such as a template
stage's {{ .Value }} reaches Ferry exactly as written in values.
*/}}
{{- define "ferry.config" -}}
{{- $c := .Values.config -}}
server:
  {{- toYaml $c.server | nindent 2 }}
positions:
  {{- toYaml (merge (dict "directory" (include "ferry.positionsDir" .)) (deepCopy (default dict $c.positions))) | nindent 2 }}
loki:
  {{- toYaml $c.loki | nindent 2 }}
echo: {{ $c.echo }}
sources:
  {{- include "ferry.sources" . | nindent 2 }}
pipelines:
  {{- toYaml $c.pipelines | nindent 2 }}
{{- end }}
