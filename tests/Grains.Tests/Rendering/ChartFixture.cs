namespace Fleet.Grains.Tests.Rendering;

/// <summary>
/// A chart written the way public charts are: values per environment, <c>.Capabilities</c> checks (an HPA when
/// <c>autoscaling/v2</c> is served, a ServiceMonitor only where the cluster serves <c>monitoring.coreos.com/v1</c>, a
/// Kubernetes version gate), a CRD in <c>crds/</c> with a custom resource of it, and a vendored subchart in <c>charts/</c>.
/// </summary>
internal static class ChartFixture
{
    /// <summary>Writes the chart below <paramref name="directory"/> with <paramref name="write"/> (path, content).</summary>
    public static void Write(Action<string, string> write, string directory)
    {
        write($"{directory}/Chart.yaml", """
            apiVersion: v2
            name: web
            version: 1.4.0
            appVersion: "2.1"
            dependencies:
              - name: cache
                version: 0.3.0
            """);
        write($"{directory}/Chart.lock", """
            dependencies:
            - name: cache
              repository: ""
              version: 0.3.0
            digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
            generated: "2026-01-01T00:00:00Z"
            """);
        write($"{directory}/values.yaml", """
            replicaCount: 1
            image: nginx:1.27
            greeting: hello
            autoscaling:
              enabled: true
              maxReplicas: 3
            cache:
              size: small
            """);
        write($"{directory}/values-prod.yaml", """
            replicaCount: 3
            greeting: hello from prod
            cache:
              size: large
            """);
        write($"{directory}/values-dev.yaml", """
            greeting: hello from dev
            """);
        write($"{directory}/templates/_helpers.tpl", """
            {{- define "web.fullname" -}}
            {{ .Release.Name }}-web
            {{- end }}
            """);
        write($"{directory}/templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ include "web.fullname" . }}
              labels:
                app: web
            spec:
              replicas: {{ .Values.replicaCount }}
              selector:
                matchLabels:
                  app: {{ include "web.fullname" . }}
              template:
                metadata:
                  labels:
                    app: {{ include "web.fullname" . }}
                spec:
                  containers:
                    - name: web
                      image: {{ .Values.image }}
            """);
        write($"{directory}/templates/configmap.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ include "web.fullname" . }}-settings
            data:
              greeting: {{ .Values.greeting | quote }}
              namespace: {{ .Release.Namespace | quote }}
              kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}
              {{- if semverCompare ">=1.30-0" .Capabilities.KubeVersion.Version }}
              sidecars: native
              {{- else }}
              sidecars: legacy
              {{- end }}
            """);
        write($"{directory}/templates/hpa.yaml", """
            {{- if and .Values.autoscaling.enabled (.Capabilities.APIVersions.Has "autoscaling/v2") }}
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: {{ include "web.fullname" . }}
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: {{ include "web.fullname" . }}
              minReplicas: {{ .Values.replicaCount }}
              maxReplicas: {{ max .Values.replicaCount .Values.autoscaling.maxReplicas }}
            {{- end }}
            """);
        write($"{directory}/templates/servicemonitor.yaml", """
            {{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: {{ include "web.fullname" . }}
            spec:
              selector:
                matchLabels:
                  app: web
            {{- end }}
            """);
        write($"{directory}/templates/backup.yaml", """
            apiVersion: example.com/v1
            kind: Backup
            metadata:
              name: {{ include "web.fullname" . }}-nightly
            spec:
              schedule: "0 3 * * *"
            """);
        write($"{directory}/templates/tests/test-connection.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{ include "web.fullname" . }}-test
              annotations:
                helm.sh/hook: test
            spec:
              restartPolicy: Never
              containers:
                - name: wget
                  image: busybox
            """);
        write($"{directory}/crds/backups.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: backups.example.com
            spec:
              group: example.com
              scope: Namespaced
              names:
                plural: backups
                singular: backup
                kind: Backup
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
            """);
        write($"{directory}/charts/cache/Chart.yaml", """
            apiVersion: v2
            name: cache
            version: 0.3.0
            """);
        write($"{directory}/charts/cache/values.yaml", """
            size: medium
            """);
        write($"{directory}/charts/cache/templates/configmap.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-cache
            data:
              size: {{ .Values.size | quote }}
            """);
    }
}
