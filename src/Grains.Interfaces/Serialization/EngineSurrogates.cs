using Fleet.Engine.Planning;
using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;
using Orleans.Serialization.Cloning;

namespace Fleet.Grains.Interfaces.Serialization;

// The reconcile engine and the Kubernetes basics know nothing of Orleans (an agent in a cluster runs them too), so
// their types carry no serializer attributes. Grain calls and grain state serialize them through these surrogates:
// Orleans' documented way for types it cannot annotate. Ids are never renumbered or reused, as for any contract.
// The types are immutable records, so a copy is the value itself (ShallowCopier), as [Immutable] would make it.

[GenerateSerializer, Immutable, Alias("fleet.HealthStatus")]
public readonly record struct HealthStatusSurrogate([property: Id(0)] int Value);

[RegisterConverter]
public sealed class HealthStatusConverter : IConverter<HealthStatus, HealthStatusSurrogate>
{
    public HealthStatus ConvertFromSurrogate(in HealthStatusSurrogate surrogate) => (HealthStatus)surrogate.Value;

    public HealthStatusSurrogate ConvertToSurrogate(in HealthStatus value) => new((int)value);
}

[GenerateSerializer, Immutable, Alias("fleet.SyncStatus")]
public readonly record struct SyncStatusSurrogate([property: Id(0)] int Value);

[RegisterConverter]
public sealed class SyncStatusConverter : IConverter<SyncStatus, SyncStatusSurrogate>
{
    public SyncStatus ConvertFromSurrogate(in SyncStatusSurrogate surrogate) => (SyncStatus)surrogate.Value;

    public SyncStatusSurrogate ConvertToSurrogate(in SyncStatus value) => new((int)value);
}

[GenerateSerializer, Immutable, Alias("fleet.ObjectRef")]
public readonly record struct ObjectRefSurrogate(
    [property: Id(0)] string ApiVersion,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Namespace,
    [property: Id(3)] string Name);

[RegisterConverter]
public sealed class ObjectRefConverter : IConverter<ObjectRef, ObjectRefSurrogate>
{
    public ObjectRef ConvertFromSurrogate(in ObjectRefSurrogate s) => new(s.ApiVersion, s.Kind, s.Namespace, s.Name);

    public ObjectRefSurrogate ConvertToSurrogate(in ObjectRef value) => new(value.ApiVersion, value.Kind, value.Namespace, value.Name);
}

[RegisterCopier]
public sealed class ObjectRefCopier : ShallowCopier<ObjectRef>;

[GenerateSerializer, Immutable, Alias("fleet.Condition")]
public readonly record struct ConditionSurrogate(
    [property: Id(0)] string Type,
    [property: Id(1)] string Status,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Message,
    [property: Id(4)] DateTimeOffset LastTransitionTime);

[RegisterConverter]
public sealed class ConditionConverter : IConverter<Condition, ConditionSurrogate>
{
    public Condition ConvertFromSurrogate(in ConditionSurrogate s) =>
        new() { Type = s.Type, Status = s.Status, Reason = s.Reason, Message = s.Message, LastTransitionTime = s.LastTransitionTime };

    public ConditionSurrogate ConvertToSurrogate(in Condition c) => new(c.Type, c.Status, c.Reason, c.Message, c.LastTransitionTime);
}

[RegisterCopier]
public sealed class ConditionCopier : ShallowCopier<Condition>;

[GenerateSerializer, Immutable, Alias("fleet.SyncPolicy")]
public readonly record struct SyncPolicySurrogate([property: Id(0)] bool Automated, [property: Id(1)] bool Prune, [property: Id(2)] bool SelfHeal);

[RegisterConverter]
public sealed class SyncPolicyConverter : IConverter<SyncPolicy, SyncPolicySurrogate>
{
    public SyncPolicy ConvertFromSurrogate(in SyncPolicySurrogate s) => new() { Automated = s.Automated, Prune = s.Prune, SelfHeal = s.SelfHeal };

    public SyncPolicySurrogate ConvertToSurrogate(in SyncPolicy p) => new(p.Automated, p.Prune, p.SelfHeal);
}

[RegisterCopier]
public sealed class SyncPolicyCopier : ShallowCopier<SyncPolicy>;

[GenerateSerializer, Immutable, Alias("fleet.Pin")]
public readonly record struct PinSurrogate([property: Id(0)] string Revision, [property: Id(1)] string Reason, [property: Id(2)] string By, [property: Id(3)] DateTimeOffset Since);

[RegisterConverter]
public sealed class PinConverter : IConverter<Pin, PinSurrogate>
{
    public Pin ConvertFromSurrogate(in PinSurrogate s) => new() { Revision = s.Revision, Reason = s.Reason, By = s.By, Since = s.Since };

    public PinSurrogate ConvertToSurrogate(in Pin p) => new(p.Revision, p.Reason, p.By, p.Since);
}

[RegisterCopier]
public sealed class PinCopier : ShallowCopier<Pin>;

[GenerateSerializer, Immutable, Alias("fleet.SyncRecord")]
public readonly record struct SyncRecordSurrogate(
    [property: Id(0)] long Id,
    [property: Id(1)] string Revision,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset FinishedAt,
    [property: Id(4)] string Result,
    [property: Id(5)] string InitiatedBy,
    [property: Id(6)] string? Message,
    [property: Id(7)] int Applied,
    [property: Id(8)] int Pruned);

[RegisterConverter]
public sealed class SyncRecordConverter : IConverter<SyncRecord, SyncRecordSurrogate>
{
    public SyncRecord ConvertFromSurrogate(in SyncRecordSurrogate s) => new()
    {
        Id = s.Id, Revision = s.Revision, StartedAt = s.StartedAt, FinishedAt = s.FinishedAt, Result = s.Result,
        InitiatedBy = s.InitiatedBy, Message = s.Message, Applied = s.Applied, Pruned = s.Pruned,
    };

    public SyncRecordSurrogate ConvertToSurrogate(in SyncRecord r) =>
        new(r.Id, r.Revision, r.StartedAt, r.FinishedAt, r.Result, r.InitiatedBy, r.Message, r.Applied, r.Pruned);
}

[RegisterCopier]
public sealed class SyncRecordCopier : ShallowCopier<SyncRecord>;

[GenerateSerializer, Immutable, Alias("fleet.ResourceStatus")]
public readonly record struct ResourceStatusSurrogate(
    [property: Id(0)] string ApiVersion,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Namespace,
    [property: Id(3)] string Name,
    [property: Id(4)] SyncStatus Sync,
    [property: Id(5)] HealthStatus Health,
    [property: Id(6)] string? Message,
    [property: Id(7)] IReadOnlyList<string> Diff,
    [property: Id(8)] string? Reason);

[RegisterConverter]
public sealed class ResourceStatusConverter : IConverter<ResourceStatus, ResourceStatusSurrogate>
{
    public ResourceStatus ConvertFromSurrogate(in ResourceStatusSurrogate s) => new()
    {
        ApiVersion = s.ApiVersion, Kind = s.Kind, Namespace = s.Namespace, Name = s.Name, Sync = s.Sync, Health = s.Health,
        Message = s.Message, Diff = s.Diff ?? [], Reason = s.Reason,
    };

    public ResourceStatusSurrogate ConvertToSurrogate(in ResourceStatus r) =>
        new(r.ApiVersion, r.Kind, r.Namespace, r.Name, r.Sync, r.Health, r.Message, r.Diff, r.Reason);
}

[RegisterCopier]
public sealed class ResourceStatusCopier : ShallowCopier<ResourceStatus>;

[GenerateSerializer, Immutable, Alias("fleet.InstanceStatus")]
public readonly record struct InstanceStatusSurrogate(
    [property: Id(0)] string? Revision,
    [property: Id(1)] SyncStatus Sync,
    [property: Id(2)] HealthStatus Health,
    [property: Id(3)] IReadOnlyList<Condition> Conditions,
    [property: Id(4)] IReadOnlyList<ResourceStatus> Resources);

[RegisterConverter]
public sealed class InstanceStatusConverter : IConverter<InstanceStatus, InstanceStatusSurrogate>
{
    public InstanceStatus ConvertFromSurrogate(in InstanceStatusSurrogate s) => new()
    {
        Revision = s.Revision, Sync = s.Sync, Health = s.Health, Conditions = s.Conditions ?? [], Resources = s.Resources ?? [],
    };

    public InstanceStatusSurrogate ConvertToSurrogate(in InstanceStatus i) => new(i.Revision, i.Sync, i.Health, i.Conditions, i.Resources);
}

[RegisterCopier]
public sealed class InstanceStatusCopier : ShallowCopier<InstanceStatus>;

[GenerateSerializer, Immutable, Alias("fleet.IgnoreDifference")]
public readonly record struct IgnoreDifferenceSurrogate(
    [property: Id(0)] string Group,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Namespace,
    [property: Id(4)] IReadOnlyList<string> JsonPointers,
    [property: Id(5)] IReadOnlyList<string>? ManagedFieldsManagers);

[RegisterConverter]
public sealed class IgnoreDifferenceConverter : IConverter<IgnoreDifference, IgnoreDifferenceSurrogate>
{
    public IgnoreDifference ConvertFromSurrogate(in IgnoreDifferenceSurrogate s) =>
        new()
        {
            Group = s.Group, Kind = s.Kind, Name = s.Name, Namespace = s.Namespace, JsonPointers = s.JsonPointers ?? [],
            ManagedFieldsManagers = s.ManagedFieldsManagers ?? [],
        };

    public IgnoreDifferenceSurrogate ConvertToSurrogate(in IgnoreDifference i) =>
        new(i.Group, i.Kind, i.Name, i.Namespace, i.JsonPointers, i.ManagedFieldsManagers);
}

[RegisterCopier]
public sealed class IgnoreDifferenceCopier : ShallowCopier<IgnoreDifference>;

[GenerateSerializer, Immutable, Alias("fleet.HookRun")]
public readonly record struct HookRunSurrogate(
    [property: Id(0)] ObjectRef Hook,
    [property: Id(1)] ObjectRef Live,
    [property: Id(2)] int Phase,
    [property: Id(3)] int DeletePolicy);

[RegisterConverter]
public sealed class HookRunConverter : IConverter<HookRun, HookRunSurrogate>
{
    public HookRun ConvertFromSurrogate(in HookRunSurrogate s) => new(s.Hook, s.Live, (HookPhase)s.Phase, (HookDeletePolicy)s.DeletePolicy);

    public HookRunSurrogate ConvertToSurrogate(in HookRun r) => new(r.Hook, r.Live, (int)r.Phase, (int)r.DeletePolicy);
}

[RegisterCopier]
public sealed class HookRunCopier : ShallowCopier<HookRun>;

[GenerateSerializer, Immutable, Alias("fleet.SyncOperation")]
public readonly record struct SyncOperationSurrogate(
    [property: Id(0)] long Id,
    [property: Id(1)] string RenderKey,
    [property: Id(2)] string InitiatedBy,
    [property: Id(3)] int Phase,
    [property: Id(4)] IReadOnlyList<HookRun> Runs,
    [property: Id(5)] string? Failure,
    [property: Id(6)] string? FailureReason);

[RegisterConverter]
public sealed class SyncOperationConverter : IConverter<SyncOperation, SyncOperationSurrogate>
{
    public SyncOperation ConvertFromSurrogate(in SyncOperationSurrogate s) => new()
    {
        Id = s.Id, RenderKey = s.RenderKey, InitiatedBy = s.InitiatedBy, Phase = (OperationPhase)s.Phase, Runs = s.Runs ?? [],
        Failure = s.Failure, FailureReason = s.FailureReason,
    };

    public SyncOperationSurrogate ConvertToSurrogate(in SyncOperation o) =>
        new(o.Id, o.RenderKey, o.InitiatedBy, (int)o.Phase, o.Runs, o.Failure, o.FailureReason);
}

[RegisterCopier]
public sealed class SyncOperationCopier : ShallowCopier<SyncOperation>;
