using Fleet.Grains.Interfaces.Documents;

namespace Fleet.Grains.ControlPlane;

/// <summary>Persisted metadata of one object.</summary>
[GenerateSerializer]
public sealed class DocumentMetadataState
{
    [Id(0)] public string? Owner { get; set; }
    [Id(1)] public Dictionary<string, SecretReference> SecretReferences { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>An object's owner and secret references: names of applications, Secrets and variables, never values.</summary>
public sealed class DocumentMetadataGrain(
    [PersistentState("documentMetadata", "fleet")] IPersistentState<DocumentMetadataState> state) : Grain, IDocumentMetadataGrain
{
    public async Task SetSecretReferencesAsync(IReadOnlyDictionary<string, SecretReference> references)
    {
        if (references.Count == 0 && state.State.SecretReferences.Count == 0)
        {
            return;
        }
        state.State.SecretReferences = new Dictionary<string, SecretReference>(references, StringComparer.Ordinal);
        await state.WriteStateAsync();
    }

    public async Task SetOwnerAsync(string? owner)
    {
        if (state.State.Owner == owner)
        {
            return;
        }
        state.State.Owner = owner;
        await state.WriteStateAsync();
    }

    public Task<DocumentMetadata> GetAsync() => Task.FromResult(new DocumentMetadata
    {
        Owner = state.State.Owner,
        SecretReferences = new Dictionary<string, SecretReference>(state.State.SecretReferences, StringComparer.Ordinal),
    });
}
