using System.Globalization;
using System.Text;

namespace Fleet.Simulator.Admission;

/// <summary>
/// Deterministic hashes for values a real cluster picks at random (cluster IPs, node ports) or hashes itself
/// (pod-template-hash): the simulator must give the same answer on every run and every replay.
/// </summary>
internal static class StableHash
{
    // The alphabet of Kubernetes' rand.SafeEncodeString: no vowels, no look-alike characters.
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>32-bit FNV-1a of the UTF-8 text.</summary>
    public static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }

    /// <summary>A short name-safe hash in the style of <c>pod-template-hash</c> (such as <c>7c5ddbdf54</c>).</summary>
    public static string SafeEncoded(string text)
    {
        var digits = Fnv1a(text).ToString(CultureInfo.InvariantCulture);
        var result = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            result.Append(SafeAlphabet[c % SafeAlphabet.Length]);
        }
        return result.ToString();
    }
}
