using System.Diagnostics;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Describes the Kustomize process. It runs on input written by any Git author, so it inherits nothing from the silo:
/// no tokens, passwords, <c>KUBECONFIG</c> or <c>SSH_AUTH_SOCK</c>, only <c>PATH</c> and a private, empty home and
/// temporary directory.
/// </summary>
internal static class KustomizeProcess
{
    /// <summary>The variables the process gets; nothing else of the silo's environment reaches it.</summary>
    public static readonly IReadOnlyList<string> Variables = ["PATH", "HOME", "TMPDIR"];

    /// <summary>The start description for <paramref name="program"/> with <paramref name="arguments"/>.</summary>
    /// <param name="program">The full path of kustomize or kubectl.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="directory">The kustomization directory, also the working directory.</param>
    /// <param name="searchPath">The PATH the process gets.</param>
    /// <param name="home">A private empty directory used as HOME and TMPDIR.</param>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, string directory, string searchPath, string home) =>
        RenderProcess.StartInfo(program, arguments, directory, new Dictionary<string, string>
        {
            ["PATH"] = searchPath,
            ["HOME"] = home,
            ["TMPDIR"] = home,
        });
}
