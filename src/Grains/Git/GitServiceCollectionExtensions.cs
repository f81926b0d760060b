using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Git;

/// <summary>Registers the Git mirror with dependency injection.</summary>
public static class GitServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IGitMirror"/> as a process-wide singleton configured from <see cref="GitMirrorOptions"/>
    /// (bind them from configuration, or pass <paramref name="configure"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional changes to the options, applied after any configuration binding.</param>
    public static IServiceCollection AddGitMirror(this IServiceCollection services, Action<GitMirrorOptions>? configure = null)
    {
        var options = services.AddOptions<GitMirrorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<IGitMirror>(provider => new GitMirror(provider.GetRequiredService<IOptions<GitMirrorOptions>>().Value));
        return services;
    }
}
