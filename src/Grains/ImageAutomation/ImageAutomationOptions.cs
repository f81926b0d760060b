namespace Fleet.Grains.ImageAutomation;

/// <summary>Settings of image automation (configuration section <c>Fleet:ImageAutomation</c>).</summary>
public sealed class ImageAutomationOptions
{
    /// <summary>Tags asked for per page of a registry's tag list.</summary>
    public int RegistryPageSize { get; set; } = 1000;

    /// <summary>How long one registry scan (every page) may take.</summary>
    public TimeSpan RegistryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often an image update checks its markers without being told (a missed policy change, a marker added by hand);
    /// policy changes run it at once.
    /// </summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a rejected push is tried again on a fresh clone.</summary>
    public int PushAttempts { get; set; } = 3;

    /// <summary>Where working clones for commits are made; a folder under the temp folder when null.</summary>
    public string? WorkDirectory { get; set; }
}
