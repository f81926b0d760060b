using System.Diagnostics;

namespace Fleet.Demo;

/// <summary>
/// The demo's Git repository: a plain local repository seeded with sample applications. Commits made there are
/// picked up by Fleet's polling, as commits to any remote would be.
/// </summary>
public static class DemoRepository
{
    // The first line of the seeded README.md: how a reset recognises a directory the demo made.
    private const string Marker = "# Fleet demo repository";

    /// <summary>
    /// Where the repository lives unless <c>Demo:Repository</c> says otherwise: per user, so that two users of one
    /// machine never share (or fail on each other's) files, and kept across runs: <c>$XDG_STATE_HOME/fleet-demo</c>,
    /// else <c>~/.local/state/fleet-demo</c>, else the temporary folder with the user's name.
    /// </summary>
    public static string DefaultDirectory(Func<string, string?> environment)
    {
        if (environment("XDG_STATE_HOME") is { Length: > 0 } state && Path.IsPathRooted(state))
        {
            return Path.Combine(state, "fleet-demo", "repository");
        }
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? Path.Combine(Path.GetTempPath(), $"fleet-demo-{Environment.UserName}", "repository")
            : Path.Combine(home, ".local", "state", "fleet-demo", "repository");
    }

    /// <summary>
    /// Seeds the repository in <paramref name="directory"/> unless one is already there (then it is reused as it is,
    /// with the commits made there); <paramref name="reset"/> deletes a former demo repository first. Answers whether
    /// it was created.
    /// </summary>
    public static async Task<bool> CreateAsync(string directory, bool reset, CancellationToken cancellationToken)
    {
        if (reset && Directory.Exists(directory))
        {
            // Only what the demo made: a mistyped Demo:Repository must never cost someone a directory.
            var readme = Path.Combine(directory, "README.md");
            if (Directory.EnumerateFileSystemEntries(directory).Any()
                && !(File.Exists(readme) && (await File.ReadAllTextAsync(readme, cancellationToken)).StartsWith(Marker, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"{DemoCommandLine.ResetSwitch}: {directory} is not a Fleet demo repository; it was left alone");
            }
            Directory.Delete(directory, recursive: true);
        }
        if (Directory.Exists(Path.Combine(directory, ".git")))
        {
            return false;
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
        return true;
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
            - `shop/`: sync waves and hooks: a PreSync migration Job (generateName) runs before anything is applied,
              the Deployment (wave 0) comes before the Service (wave 1), and a PostSync smoke test runs once every
              wave is healthy (deleted once it succeeded).
            - `charts/shop/` (application `storefront`): a Helm chart rendered by `helm template`, with `values-{{cluster.labels.env}}.yaml` on top
              of `values.yaml` for each environment, and an autoscaler only where the cluster serves autoscaling/v2.

            - `fleet/`: Fleet's own configuration as `fleet.dev/v1` documents: the applications `guestbook` and
              `shop`. The application `fleet` (destination: the control plane, an app of apps) writes them to Fleet;
              add a document here and commit to add an application, delete one to remove it.

            Edit a file here and commit: Fleet notices within a few seconds.
            """,
        ["fleet/guestbook.yaml"] = """
            apiVersion: fleet.dev/v1
            kind: Application
            metadata:
              name: guestbook
            spec:
              repository: demo
              path: guestbook
              destination: {clusters: [dev, staging, prod], namespace: default}
              syncPolicy: {automated: true, prune: true, selfHeal: true}
            """,
        ["fleet/shop.yaml"] = """
            apiVersion: fleet.dev/v1
            kind: Application
            metadata:
              name: shop
            spec:
              repository: demo
              path: shop
              destination: {clusters: [dev, staging, prod], namespace: default}
              syncPolicy: {automated: true, prune: true, selfHeal: true}
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
        ["shop/migrate.yaml"] = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              generateName: shop-migrate-
              annotations:
                argocd.argoproj.io/hook: PreSync
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: migrate
                    image: busybox:1.36
                    command: ["sh", "-c", "echo migrating the schema"]
            """,
        ["shop/deployment.yaml"] = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: shop
            spec:
              replicas: 2
              selector:
                matchLabels: {app: shop}
              template:
                metadata:
                  labels: {app: shop}
                spec:
                  containers:
                  - name: shop
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
            """,
        ["shop/service.yaml"] = """
            apiVersion: v1
            kind: Service
            metadata:
              name: shop
              annotations:
                fleet.dev/sync-wave: "1"
            spec:
              selector: {app: shop}
              ports:
              - port: 80
                targetPort: 80
            """,
        ["shop/smoke.yaml"] = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: shop-smoke
              annotations:
                fleet.dev/hook: PostSync
                fleet.dev/hook-delete-policy: HookSucceeded
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: smoke
                    image: busybox:1.36
                    command: ["sh", "-c", "wget -qO- http://shop"]
            """,
        ["podinfo/overlays/dev/kustomization.yaml"] = Overlay("dev", 1),
        ["podinfo/overlays/staging/kustomization.yaml"] = Overlay("staging", 2),
        ["podinfo/overlays/prod/kustomization.yaml"] = Overlay("prod", 3),
        ["charts/shop/Chart.yaml"] = """
            apiVersion: v2
            name: shop
            description: A web shop, with values per environment
            version: 0.1.0
            appVersion: "1.27"
            """,
        ["charts/shop/values.yaml"] = """
            replicaCount: 1
            image: nginx:1.27
            banner: Welcome to the shop
            autoscaling:
              enabled: false
              maxReplicas: 5
            """,
        ["charts/shop/values-dev.yaml"] = """
            banner: Welcome to the shop (dev)
            """,
        ["charts/shop/values-staging.yaml"] = """
            banner: Welcome to the shop (staging)
            replicaCount: 2
            """,
        ["charts/shop/values-prod.yaml"] = """
            replicaCount: 3
            autoscaling:
              enabled: true
            """,
        ["charts/shop/templates/_helpers.tpl"] = """
            {{- define "shop.labels" -}}
            app.kubernetes.io/name: shop
            app.kubernetes.io/instance: {{ .Release.Name }}
            {{- end }}
            """,
        ["charts/shop/templates/configmap.yaml"] = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-settings
              labels:
                {{- include "shop.labels" . | nindent 4 }}
            data:
              banner: {{ .Values.banner | quote }}
              kubernetes: {{ .Capabilities.KubeVersion.Version | quote }}
            """,
        ["charts/shop/templates/deployment.yaml"] = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
              labels:
                {{- include "shop.labels" . | nindent 4 }}
            spec:
              replicas: {{ .Values.replicaCount }}
              selector:
                matchLabels:
                  {{- include "shop.labels" . | nindent 6 }}
              template:
                metadata:
                  labels:
                    {{- include "shop.labels" . | nindent 8 }}
                spec:
                  containers:
                    - name: web
                      image: {{ .Values.image }}
                      ports:
                        - containerPort: 80
            """,
        ["charts/shop/templates/service.yaml"] = """
            apiVersion: v1
            kind: Service
            metadata:
              name: {{ .Release.Name }}
              labels:
                {{- include "shop.labels" . | nindent 4 }}
            spec:
              selector:
                {{- include "shop.labels" . | nindent 4 }}
              ports:
                - port: 80
                  targetPort: 80
            """,
        ["charts/shop/templates/hpa.yaml"] = """
            {{- if and .Values.autoscaling.enabled (.Capabilities.APIVersions.Has "autoscaling/v2") }}
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: {{ .Release.Name }}
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: {{ .Release.Name }}
              minReplicas: {{ .Values.replicaCount }}
              maxReplicas: {{ .Values.autoscaling.maxReplicas }}
            {{- end }}
            """,
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
