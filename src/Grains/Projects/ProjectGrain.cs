using Fleet.Engine.Projects;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Projects;
using Fleet.Grains.Interfaces;

namespace Fleet.Grains.Projects;

/// <summary>Persisted state of a project: its rules (null until made, or for the built-in default until restricted) and its applications.</summary>
[GenerateSerializer]
public sealed class ProjectState
{
    [Id(0)] public ProjectSpec? Spec { get; set; }
    [Id(1)] public SortedSet<string> Applications { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A project. Not reentrant: attaching an application and deleting the project are serialized, so a project is
/// never deleted while an application that just named it is being configured.
/// </summary>
public sealed class ProjectGrain(
    [PersistentState("project", "fleet")] IPersistentState<ProjectState> state) : Grain, IProjectGrain
{
    private string Name => this.GetPrimaryKeyString();

    private bool BuiltIn => Name == ProjectRules.DefaultName;

    // The built-in project exists without being made, with rules that allow everything until an admin restricts it.
    private ProjectSpec? Spec => state.State.Spec ?? (BuiltIn ? ProjectSpec.BuiltInDefault : null);

    public async Task<ProjectView> PutAsync(ProjectSpec spec)
    {
        state.State.Spec = spec;
        await state.WriteStateAsync();
        await GrainFactory.FleetDirectory().AddProjectAsync(Name);
        foreach (var application in state.State.Applications)
        {
            // One-way: each application reconfigures its instances on its own turn.
            _ = GrainFactory.GetGrain<IApplicationGrain>(application).OnProjectChangedAsync();
        }
        return View(spec);
    }

    public Task<ProjectView?> GetAsync() => Task.FromResult(Spec is { } spec ? View(spec) : null);

    public async Task<ProjectDeletion> DeleteAsync()
    {
        if (BuiltIn)
        {
            return ProjectDeletion.BuiltIn;
        }
        if (state.State.Spec is null)
        {
            return ProjectDeletion.NotFound;
        }
        if (state.State.Applications.Count > 0)
        {
            return ProjectDeletion.InUse;
        }
        await GrainFactory.FleetDirectory().RemoveProjectAsync(Name);
        await state.ClearStateAsync();
        state.State = new ProjectState();
        DeactivateOnIdle();
        return ProjectDeletion.Deleted;
    }

    public async Task<ProjectSpec?> AttachAsync(string application)
    {
        // Recorded even while the project does not exist (it was deleted as the application was defined): making it
        // later then reaches the application, whose instances allow nothing until then.
        if (state.State.Applications.Add(application))
        {
            await state.WriteStateAsync();
        }
        return Spec;
    }

    public async Task DetachAsync(string application)
    {
        if (state.State.Applications.Remove(application))
        {
            await state.WriteStateAsync();
        }
    }

    private ProjectView View(ProjectSpec spec) => new()
    {
        Name = Name,
        Spec = spec,
        Applications = [.. state.State.Applications],
        BuiltIn = BuiltIn,
    };
}
