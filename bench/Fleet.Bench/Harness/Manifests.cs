using System.Globalization;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Bench.Harness;

/// <summary>
/// The benchmark's application: a ConfigMap, a Deployment and a Service; a generation number changes all three. As
/// plain manifests, or as a Helm chart rendering the same three objects from its values.
/// </summary>
public static class Manifests
{
    /// <summary>Writes the application at <paramref name="path"/> as plain manifests or, with <paramref name="chart"/>, as a chart.</summary>
    public static void Write(TestRepository repository, string path, int generation, bool chart)
    {
        if (chart)
        {
            WriteChart(repository, path, generation);
        }
        else
        {
            Write(repository, path, generation);
        }
    }

    /// <summary>
    /// A chart of the same three objects, shaped as charts are: names from the release, the generation from
    /// values.yaml, a helper template and a <c>.Capabilities.KubeVersion</c> check (so its render is keyed by the
    /// clusters' version, which every simulated cluster shares).
    /// </summary>
    public static void WriteChart(TestRepository repository, string path, int generation)
    {
        var g = generation.ToString(CultureInfo.InvariantCulture);
        repository.WriteFile($"{path}/Chart.yaml", "apiVersion: v2\nname: bench\nversion: 1.0.0\n");
        repository.WriteFile($"{path}/values.yaml", $"generation: \"{g}\"\nimage: registry.example/web\nreplicas: 1\n");
        repository.WriteFile($"{path}/templates/_helpers.tpl", """
            {{- define "bench.labels" -}}
            app: {{ .Release.Name }}
            {{- end }}
            """);
        repository.WriteFile($"{path}/templates/configmap.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-settings
            data:
              generation: {{ .Values.generation | quote }}
              {{- if semverCompare ">=1.30-0" .Capabilities.KubeVersion.Version }}
              sidecars: native
              {{- end }}
            """);
        repository.WriteFile($"{path}/templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
            spec:
              replicas: {{ .Values.replicas }}
              selector:
                matchLabels:
                  {{- include "bench.labels" . | nindent 6 }}
              template:
                metadata:
                  labels:
                    {{- include "bench.labels" . | nindent 8 }}
                spec:
                  containers:
                  - name: web
                    image: {{ .Values.image }}:1.{{ .Values.generation }}
                    env:
                    - name: GENERATION
                      value: {{ .Values.generation | quote }}
            """);
        repository.WriteFile($"{path}/templates/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: {{ .Release.Name }}
              annotations:
                fleet.bench/generation: {{ .Values.generation | quote }}
            spec:
              selector:
                {{- include "bench.labels" . | nindent 4 }}
              ports:
              - port: 80
                targetPort: 8080
            """);
    }

    public static void Write(TestRepository repository, string path, int generation)
    {
        var g = generation.ToString(CultureInfo.InvariantCulture);
        var name = path.Split('/')[^1];
        repository.WriteFile($"{path}/configmap.yaml", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {name}-settings
            data:
              generation: "{g}"
            """);
        repository.WriteFile($"{path}/deployment.yaml", $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {name}
            spec:
              replicas: 1
              selector:
                matchLabels: {"{"}app: {name}{"}"}
              template:
                metadata:
                  labels: {"{"}app: {name}{"}"}
                spec:
                  containers:
                  - name: web
                    image: registry.example/web:1.{g}
                    env:
                    - name: GENERATION
                      value: "{g}"
            """);
        repository.WriteFile($"{path}/service.yaml", $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: {name}
              annotations:
                fleet.bench/generation: "{g}"
            spec:
              selector: {"{"}app: {name}{"}"}
              ports:
              - port: 80
                targetPort: 8080
            """);
    }
}
