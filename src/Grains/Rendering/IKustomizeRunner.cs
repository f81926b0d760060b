namespace Fleet.Grains.Rendering;

/// <summary>Runs Kustomize on a directory of the checked-out repository.</summary>
public interface IKustomizeRunner
{
    /// <summary>Renders the kustomization in <paramref name="directory"/> to multi-document YAML.</summary>
    /// <param name="directory">The absolute path of a directory holding a kustomization file.</param>
    /// <param name="cancellationToken">Stops the render (the Kustomize process is killed).</param>
    /// <returns>Kustomize's output: the rendered objects as multi-document YAML.</returns>
    /// <exception cref="RenderException">Kustomize is missing, failed (the message carries its error) or timed out.</exception>
    Task<string> BuildAsync(string directory, CancellationToken cancellationToken);
}
