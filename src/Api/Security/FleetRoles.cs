namespace Fleet.Api.Security;

/// <summary>
/// The three roles of the API. Each includes the one before it: an operator can read, an admin can do everything.
/// </summary>
public static class FleetRoles
{
    /// <summary>Reads everything except secrets.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also syncs, rolls back, unpins and refreshes.</summary>
    public const string Operator = "operator";

    /// <summary>Also registers and deletes clusters, repositories, applications, sinks and tokens.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, weakest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    /// <summary>The roles that include <paramref name="role"/> (itself and the stronger ones).</summary>
    public static IReadOnlyList<string> AtLeast(string role) => [.. All.SkipWhile(r => r != role)];

    /// <summary>Whether <paramref name="role"/> names one of the three roles.</summary>
    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>Authorization policy names; endpoints require one of them.</summary>
public static class FleetPolicies
{
    /// <summary>Any authenticated caller (viewer or stronger).</summary>
    public const string Read = "fleet-read";

    /// <summary>Operator or admin.</summary>
    public const string Operate = "fleet-operate";

    /// <summary>
    /// An admin of the whole fleet: clusters, repositories, projects, tokens, sinks, audit. A token limited to
    /// projects is refused (403) even with the admin role.
    /// </summary>
    public const string Administer = "fleet-administer";

    /// <summary>An admin, possibly limited to projects: defines and deletes the applications it may reach.</summary>
    public const string AdministerApplications = "fleet-administer-applications";
}
