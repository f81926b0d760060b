namespace Fleet.Grains.Rendering;

/// <summary>A render step failed for a reason a person can act on (the message says what to do).</summary>
public sealed class RenderException : Exception
{
    /// <summary>Creates the exception with a message a person can act on.</summary>
    public RenderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message a person can act on and the underlying cause.</summary>
    public RenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
