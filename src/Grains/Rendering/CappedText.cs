using System.Text;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Reads a process's output stream to its end, but never holds more than a cap: a render that prints without end
/// must not exhaust the silo's memory.
/// </summary>
/// <param name="maxChars">The most characters kept.</param>
/// <param name="drainBeyondCap">Keep reading (and dropping) past the cap, so that a process writing a long error does
/// not block on a full pipe; otherwise stop at once, and the caller kills the process.</param>
internal sealed class CappedText(int maxChars, bool drainBeyondCap)
{
    private readonly StringBuilder _text = new();

    /// <summary>What was read.</summary>
    public string Text => _text.ToString();

    /// <summary>Reads <paramref name="reader"/> to its end. False when it passed the cap.</summary>
    public async Task<bool> ReadAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[81920];
        var fits = true;
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (_text.Length + read > maxChars)
            {
                fits = false;
                if (!drainBeyondCap)
                {
                    return false;
                }

                _text.Append(buffer, 0, Math.Max(0, maxChars - _text.Length));
                continue;
            }

            _text.Append(buffer, 0, read);
        }

        return fits;
    }
}
