using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>
/// Sync hooks on a simulated cluster with real Git: PreSync Jobs complete before anything is applied, PostSync hooks
/// run once every wave is healthy, a failing hook fails the sync with its reason and runs the SyncFail hook, and
/// hooks run once per sync operation, never pruned and never drift.
/// </summary>
[Collection(FleetClusterCollection.Name)]
public sealed class SyncHookEndToEndTests(FleetCluster fleet)
{
    private const string Jobs = "/apis/batch/v1/namespaces/default/jobs";

    [Fact]
    public async Task WavesWithPreSyncMigrationAndPostSyncHook_RunInOrderOncePerOperation()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = SampleManifests.Deployment("web"),
            ["app/configmap.yaml"] = Annotated(SampleManifests.ConfigMap("after-web", "one"), ("argocd.argoproj.io/sync-wave", "1")),
            ["app/migrate.yaml"] = HookJob("name: migrate", ("argocd.argoproj.io/hook", "PreSync")),
            ["app/notify.yaml"] = HookJob("generateName: notify-", ("helm.sh/hook", "post-install,post-upgrade")),
        });
        var cluster = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit) && !v.Conditions.Any(c => c.Type == ConditionTypes.SyncRunning));
        var notify = await EventuallyAsync(() => JobsNamedAsync(scenario, cluster, "notify-"), jobs => jobs.Any(Complete));
        var migrate = await scenario.LiveAsync(cluster, $"{Jobs}/migrate");
        var deployment = await scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web");
        var settings = await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/after-web");

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        Assert.True(Complete(migrate!), migrate!.ToJsonString());
        // The migration ran before the first wave, the notification after the last one (resourceVersions grow with every write).
        Assert.True(Version(migrate) < Version(deployment!));
        Assert.True(Version(deployment!) < Version(settings!));
        var run = Assert.Single(notify);
        Assert.True(Version(run) > Version(settings!));
        Assert.Matches("^notify-[bcdfghjklmnpqrstvwxz2456789]{5}$", run["metadata"]!["name"]!.GetValue<string>());
        // Hooks are not resources of the application: no drift, no prune.
        Assert.DoesNotContain(view!.Resources, r => r.Kind == "Job");

        // A reconcile without a new operation runs no hook again.
        await fleet.Grains.GetGrain<IApplicationInstanceGrain>($"{scenario.Application}/{cluster}").ReconcileAsync();
        var again = await scenario.LiveAsync(cluster, $"{Jobs}/migrate");
        Assert.Equal(Uid(migrate), Uid(again!));
        Assert.Single(await JobsNamedAsync(scenario, cluster, "notify-"));

        // A new commit is a new operation: the hooks of the last one are replaced (BeforeHookCreation, the default), and
        // the notification's run gets a new name.
        scenario.Repository.WriteFile("app/configmap.yaml", Annotated(SampleManifests.ConfigMap("after-web", "two"), ("argocd.argoproj.io/sync-wave", "1")));
        var second = await scenario.CommitAsync("two");
        view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, second) && !v.Conditions.Any(c => c.Type == ConditionTypes.SyncRunning));
        var notified = await EventuallyAsync(() => JobsNamedAsync(scenario, cluster, "notify-"), jobs => jobs.Count == 1 && Name(jobs[0]) != Name(run) && Complete(jobs[0]));
        var migrated = await scenario.LiveAsync(cluster, $"{Jobs}/migrate");

        Assert.True(SyncedAndHealthy(view!, second), Describe(view));
        Assert.NotEqual(Uid(migrate), Uid(migrated!));
        Assert.NotEqual(Name(run), Name(Assert.Single(notified)));
    }

    [Fact]
    public async Task FailingPreSyncHook_FailsTheSyncWithItsReasonRunsSyncFailAndAppliesNothing()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = SampleManifests.Deployment("web"),
            // The simulator never pulls this image, so the Job fails once its deadline passes, as a real one would.
            ["app/migrate.yaml"] = HookJob("generateName: migrate-", ("fleet.dev/hook", "PreSync"), image: "unpullable.invalid/migrate:1", deadlineSeconds: 1),
            ["app/rollback.yaml"] = HookPod("rollback", ("argocd.argoproj.io/hook", "SyncFail")),
        });
        var cluster = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Reason == Reasons.HookFailed));
        var rollback = await EventuallyAsync(() => scenario.LiveAsync(cluster, "/api/v1/namespaces/default/pods/rollback"),
            pod => pod?["status"]?["phase"]?.GetValue<string>() == "Succeeded");
        var deployment = await scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web");

        var failed = view!.Conditions.Single(c => c.Reason == Reasons.HookFailed);
        Assert.Equal((ConditionTypes.Synced, "False"), (failed.Type, failed.Status));
        Assert.Matches("PreSync hook Job/migrate-[a-z0-9]{5} failed: DeadlineExceeded: Job was active longer than specified deadline", failed.Message);
        Assert.Contains(view.History, h => h.Result == SyncResults.Failed && h.Message!.Contains("DeadlineExceeded", StringComparison.Ordinal));
        Assert.NotNull(rollback);
        // Nothing of the sync was applied: the migration it depends on failed.
        Assert.Null(deployment);
        Assert.Equal(SyncStatus.OutOfSync, view.Sync);
    }

    [Fact]
    public async Task KustomizeWithGeneratorsAndHookAnnotations_RunsTheHookAgainstTheGeneratedConfigMap()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/kustomization.yaml"] = """
                resources:
                - deployment.yaml
                - smoke.yaml
                configMapGenerator:
                - name: settings
                  literals: [colour=blue]
                """,
            ["app/deployment.yaml"] = SampleManifests.Deployment("web"),
            ["app/smoke.yaml"] = HookJob("name: smoke", ("argocd.argoproj.io/hook", "PostSync"), ("argocd.argoproj.io/hook-delete-policy", "HookSucceeded"),
                envFrom: "settings"),
        });
        var cluster = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit)
            && v.History.Any(h => h.Result == SyncResults.Succeeded && h.Applied == 1) && !v.Conditions.Any(c => c.Type == ConditionTypes.SyncRunning));
        var smoke = await EventuallyAsync(() => scenario.LiveAsync(cluster, $"{Jobs}/smoke"), job => job is null);

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        var generated = Assert.Single(view!.Resources, r => r.Kind == "ConfigMap");
        Assert.StartsWith("settings-", generated.Name, StringComparison.Ordinal);
        // HookSucceeded: the smoke test ran and was deleted.
        Assert.Null(smoke);
        Assert.DoesNotContain(view.Resources, r => r.Kind == "Job");
    }

    private static async Task<List<JsonObject>> JobsNamedAsync(GitOpsScenario scenario, string cluster, string prefix)
    {
        var list = await scenario.LiveAsync(cluster, Jobs);
        return [.. (list?["items"]?.AsArray() ?? []).OfType<JsonObject>().Where(j => j["metadata"]!["name"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal))];
    }

    private static bool Complete(JsonObject job) =>
        job["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Complete" && c["status"]!.GetValue<string>() == "True") == true;

    private static long Version(JsonObject obj) => long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    private static string Uid(JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();

    private static string Annotated(string manifest, params (string Key, string Value)[] annotations) =>
        manifest.Replace("metadata:\n", "metadata:\n  annotations:\n" + string.Concat(annotations.Select(a => $"    {a.Key}: \"{a.Value}\"\n")), StringComparison.Ordinal);

    private static string HookJob(string naming, (string Key, string Value) hook, (string Key, string Value)? policy = null, string image = "busybox:1.36",
        int? deadlineSeconds = null, string? envFrom = null) => HookJob(naming, policy is { } p ? [hook, p] : [hook], image, deadlineSeconds, envFrom);

    private static string HookJob(string naming, (string Key, string Value)[] annotations, string image, int? deadlineSeconds, string? envFrom) => Annotated($"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          {naming}
        spec:
          backoffLimit: 0
        {(deadlineSeconds is { } seconds ? $"  activeDeadlineSeconds: {seconds}\n" : "")}  template:
            spec:
              restartPolicy: Never
              containers:
              - name: task
                image: {image}
                command: ["sh", "-c", "echo done"]
        {(envFrom is null ? "" : $"        envFrom:\n        - configMapRef: {{name: {envFrom}}}\n")}
        """, annotations);

    private static string HookPod(string name, (string Key, string Value) hook) => Annotated($"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
        spec:
          restartPolicy: Never
          containers:
          - name: task
            image: busybox:1.36
            command: ["sh", "-c", "echo rolled back"]
        """, hook);
}
