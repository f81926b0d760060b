using System.Globalization;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Bench.Harness;

/// <summary>The benchmark's application: a ConfigMap, a Deployment and a Service; a generation number changes all three.</summary>
public static class Manifests
{
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
