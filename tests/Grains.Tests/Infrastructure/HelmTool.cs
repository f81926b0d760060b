using System.Diagnostics;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// The real helm, run as a person publishing charts would: <c>helm package</c>, <c>helm repo index</c>,
/// <c>helm push</c>. Each run gets a private HOME and helm directories, so tests do not share a registry login or cache.
/// </summary>
public static class HelmTool
{
    /// <summary>Writes a small chart <paramref name="name"/> at <paramref name="version"/> and packages it into <paramref name="output"/>; returns the archive's path.</summary>
    public static async Task<string> PackageAsync(string name, string version, string output, string greeting = "hello")
    {
        var source = Path.Combine(Path.GetTempPath(), "fleet-chart-src-" + Guid.NewGuid().ToString("N"), name);
        Directory.CreateDirectory(Path.Combine(source, "templates"));
        await File.WriteAllTextAsync(Path.Combine(source, "Chart.yaml"), $"apiVersion: v2\nname: {name}\nversion: {version}\nappVersion: \"{version}\"\n");
        await File.WriteAllTextAsync(Path.Combine(source, "values.yaml"), $"greeting: {greeting}\nreplicaCount: 1\n");
        await File.WriteAllTextAsync(Path.Combine(source, "values-big.yaml"), "replicaCount: 3\n");
        await File.WriteAllTextAsync(Path.Combine(source, "templates", "configmap.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-settings
            data:
              greeting: {{ .Values.greeting | quote }}
              chartVersion: {{ .Chart.Version | quote }}
              cluster: {{ .Values.cluster | default "none" | quote }}
              hasDeployments: {{ .Capabilities.APIVersions.Has "apps/v1/Deployment" | quote }}
            """);
        await File.WriteAllTextAsync(Path.Combine(source, "templates", "deployment.yaml"), """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}-web
            spec:
              replicas: {{ .Values.replicaCount }}
              selector:
                matchLabels: {app: {{ .Release.Name }}-web}
              template:
                metadata:
                  labels: {app: {{ .Release.Name }}-web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
            """);
        Directory.CreateDirectory(output);
        await RunAsync("package", source, "--destination", output);
        Directory.Delete(Path.GetDirectoryName(source)!, recursive: true);
        return Path.Combine(output, $"{name}-{version}.tgz");
    }

    /// <summary>(Re)writes <c>index.yaml</c> of <paramref name="directory"/> with relative URLs, as <c>helm repo index</c> does.</summary>
    public static Task IndexAsync(string directory) => RunAsync("repo", "index", directory);

    /// <summary>(Re)writes <c>index.yaml</c> with absolute URLs under <paramref name="url"/> (<c>helm repo index --url</c>).</summary>
    public static Task IndexAsync(string directory, string url) => RunAsync("repo", "index", directory, "--url", url);

    /// <summary>Pushes an archive to an OCI registry over plain HTTP.</summary>
    public static Task PushAsync(string archive, string ociUrl) => RunAsync("push", archive, ociUrl, "--plain-http");

    public static async Task<string> RunAsync(params string[] arguments)
    {
        var home = Path.Combine(Path.GetTempPath(), "fleet-helm-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            var start = new ProcessStartInfo("helm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment.Clear();
            start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
            start.Environment["HOME"] = home;
            foreach (var variable in new[] { "HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME" })
            {
                start.Environment[variable] = Path.Combine(home, variable);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"helm {string.Join(' ', arguments)} failed: {await error}");
            }
            return await output;
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
