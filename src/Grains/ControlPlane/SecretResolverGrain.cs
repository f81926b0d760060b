using Fleet.Grains.Interfaces.Documents;
using Orleans.Concurrency;

namespace Fleet.Grains.ControlPlane;

/// <summary>Resolves secret references on whichever silo takes the call; holds nothing.</summary>
[StatelessWorker]
public sealed class SecretResolverGrain(ControlPlaneSecrets secrets) : Grain, ISecretResolverGrain
{
    public Task<SecretResolution> ResolveAsync(SecretReference reference) => secrets.ResolveAsync(reference, CancellationToken.None);
}
