namespace Fleet.Grains.Interfaces.Repositories;

/// <summary>
/// What a writer inside the silo needs to push to a registered repository: its remote and credentials, decrypted.
/// Only grains ask for it (image updates); the API never returns it.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.RepositoryAccess")]
public sealed record RepositoryAccess
{
    [Id(0)] public required string Url { get; init; }
    [Id(1)] public required string Branch { get; init; }
    [Id(2)] public string? Username { get; init; }
    [Id(3)] public string? Password { get; init; }

    /// <summary>Keeps the password out of logs that print the record.</summary>
    public override string ToString() => $"RepositoryAccess {{ Url = {Url}, Branch = {Branch}, Username = {Username}, Password = *** }}";
}
