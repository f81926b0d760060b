using Fleet.Grains.Interfaces.Security;

namespace Fleet.Grains.Security;

/// <summary>Persisted state of the token registry: records with hashes, never token texts.</summary>
[GenerateSerializer]
public sealed class TokenRegistryState
{
    [Id(0)] public List<TokenRecord> Tokens { get; set; } = [];
}

/// <summary>
/// The registry of API tokens. One activation for the fleet, but off the request path: API silos cache its answers.
/// Writes are serialized (the grain is not reentrant), which is what makes <see cref="BootstrapAdminAsync"/> pick
/// exactly one winner.
/// </summary>
public sealed class TokenRegistryGrain(
    [PersistentState("tokens", "fleet")] IPersistentState<TokenRegistryState> state,
    TimeProvider time) : Grain, ITokenRegistryGrain
{
    /// <summary>The registry's key.</summary>
    public const string Key = "tokens";

    /// <summary>The name of the token that bootstrap makes.</summary>
    public const string BootstrapName = "bootstrap-admin";

    private const string AdminRole = "admin";

    // Lookups by hash happen on every cache miss of every silo: keep an index instead of scanning.
    private Dictionary<string, TokenRecord>? _byHash;

    private Dictionary<string, TokenRecord> ByHash => _byHash ??= state.State.Tokens.ToDictionary(t => t.Sha256, StringComparer.Ordinal);

    public async Task<IssuedToken?> CreateAsync(string name, string role, string createdBy, DateTimeOffset? expiresAt, IReadOnlyList<string>? projects = null)
    {
        if (state.State.Tokens.Any(t => t.Name == name))
        {
            return null;
        }
        return await AddAsync(name, role, createdBy, expiresAt, projects);
    }

    public Task<IReadOnlyList<TokenRecord>> ListAsync() => Task.FromResult<IReadOnlyList<TokenRecord>>([.. state.State.Tokens]);

    public Task<TokenRecord?> FindAsync(string sha256) =>
        Task.FromResult(ByHash.TryGetValue(sha256, out var record) && !record.IsExpired(time.GetUtcNow()) ? record : null);

    public async Task<TokenRecord?> RevokeAsync(string id)
    {
        var record = state.State.Tokens.Find(t => t.Id == id);
        if (record is null)
        {
            return null;
        }
        state.State.Tokens.Remove(record);
        ByHash.Remove(record.Sha256);
        await state.WriteStateAsync();
        return record;
    }

    public async Task<string?> BootstrapAdminAsync()
    {
        var now = time.GetUtcNow();
        if (state.State.Tokens.Any(t => t.Role == AdminRole && !t.IsExpired(now)))
        {
            return null;
        }
        // A bootstrap token that has expired keeps its name: give the new one a distinct name.
        var name = state.State.Tokens.Any(t => t.Name == BootstrapName) ? $"{BootstrapName}-{now.ToUnixTimeSeconds()}" : BootstrapName;
        var issued = await AddAsync(name, AdminRole, "bootstrap", expiresAt: null);
        return issued.Token;
    }

    private async Task<IssuedToken> AddAsync(string name, string role, string createdBy, DateTimeOffset? expiresAt, IReadOnlyList<string>? projects = null)
    {
        var token = ApiTokens.New();
        var record = new TokenRecord
        {
            Id = ApiTokens.NewId(),
            Name = name,
            Role = role,
            Sha256 = ApiTokens.Hash(token),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
            ExpiresAt = expiresAt,
            Projects = projects,
        };
        state.State.Tokens.Add(record);
        ByHash[record.Sha256] = record;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing half-created: a token that was not persisted must not work on this activation either.
            state.State.Tokens.Remove(record);
            ByHash.Remove(record.Sha256);
            throw;
        }
        return new IssuedToken { Record = record, Token = token };
    }
}
