namespace Fleet.Grains.Git;

/// <summary>One commit of a branch's history, as shown in history and rollback views.</summary>
/// <param name="Sha">The full commit SHA.</param>
/// <param name="Author">The author's name.</param>
/// <param name="Time">When the author made the commit.</param>
/// <param name="Subject">The first line of the commit message.</param>
public sealed record GitCommitInfo(string Sha, string Author, DateTimeOffset Time, string Subject);
