using System.Diagnostics;

namespace Fleet.Demo;

/// <summary>
/// The demo's Git repository: a plain local repository seeded with sample applications. Commits made there are
/// picked up by Fleet's polling, as commits to any remote would be.
/// </summary>
public static class DemoRepository
{
    public static async Task<string> CreateAsync(string directory, CancellationToken cancellationToken)
    {
        if (Directory.Exists(Path.Combine(directory, ".git")))
        {
            return directory;
        }
        Directory.CreateDirectory(directory);
        foreach (var (path, content) in Files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content, cancellationToken);
        }
        await GitAsync(directory, cancellationToken, "init", "--quiet", "--initial-branch=main");
        await GitAsync(directory, cancellationToken, "add", "--all");
        await GitAsync(directory, cancellationToken, "commit", "--quiet", "--message", "Sample applications for the Fleet demo");
        return directory;
    }

    private static async Task GitAsync(string directory, CancellationToken cancellationToken, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // A fixed identity, so the demo works on a machine without a git configuration.
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Fleet demo";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "demo@fleet.invalid";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("git did not start");
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }
    }

    private static readonly Dictionary<string, string> Files = new()
    {
        ["README.md"] = """
            # Fleet demo repository

            - `guestbook/`: plain manifests (a ConfigMap, a Deployment and a Service) deployed to every cluster.
            - `podinfo/`: a Kustomize base with one overlay per environment; Fleet picks the overlay with
              `podinfo/overlays/{{cluster.labels.env}}`.

            Edit a file here and commit: Fleet notices within a few seconds.
            """,
        ["guestbook/configmap.yaml"] = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: guestbook-settings
            data:
              greeting: "Hello from {{cluster.name}}"
            """,
        ["guestbook/deployment.yaml"] = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: guestbook
            spec:
              replicas: 2
              selector:
                matchLabels: {app: guestbook}
              template:
                metadata:
                  labels: {app: guestbook}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
                    resources:
                      requests: {cpu: 100m, memory: 64Mi}
            """,
        ["guestbook/service.yaml"] = """
            apiVersion: v1
            kind: Service
            metadata:
              name: guestbook
            spec:
              selector: {app: guestbook}
              ports:
              - port: 80
                targetPort: 80
            """,
        ["podinfo/base/kustomization.yaml"] = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
            - deployment.yaml
            """,
        ["podinfo/base/deployment.yaml"] = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: podinfo
            spec:
              replicas: 1
              selector:
                matchLabels: {app: podinfo}
              template:
                metadata:
                  labels: {app: podinfo}
                spec:
                  containers:
                  - name: podinfo
                    image: ghcr.io/stefanprodan/podinfo:6.7.0
            """,
        ["podinfo/overlays/dev/kustomization.yaml"] = Overlay("dev", 1),
        ["podinfo/overlays/staging/kustomization.yaml"] = Overlay("staging", 2),
        ["podinfo/overlays/prod/kustomization.yaml"] = Overlay("prod", 3),
    };

    private static string Overlay(string env, int replicas) => $"""
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
        - ../../base
        labels:
        - pairs: {"{"}env: {env}{"}"}
        replicas:
        - name: podinfo
          count: {replicas}
        """;
}
