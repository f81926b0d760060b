using System.Globalization;
using System.Text;

namespace Fleet.Silo.Tests.Telemetry;

/// <summary>One sample of the Prometheus text format: name, labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A small parser of the Prometheus text exposition format (enough for Fleet's tests).</summary>
public static class PrometheusText
{
    public static List<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var position = 0;
            while (position < line.Length && line[position] is not ('{' or ' '))
            {
                position++;
            }
            var name = line[..position];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (position < line.Length && line[position] == '{')
            {
                position++;
                while (line[position] != '}')
                {
                    var equals = line.IndexOf('=', position);
                    var key = line[position..equals].Trim().TrimStart(',').Trim();
                    position = equals + 2; // skip ="
                    var value = new StringBuilder();
                    while (line[position] != '"')
                    {
                        if (line[position] == '\\')
                        {
                            position++;
                            value.Append(line[position] == 'n' ? '\n' : line[position]);
                        }
                        else
                        {
                            value.Append(line[position]);
                        }
                        position++;
                    }
                    labels[key] = value.ToString();
                    position++; // closing quote
                    while (line[position] is ',' or ' ')
                    {
                        position++;
                    }
                }
                position++;
            }
            var fields = line[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var number = fields[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var f => double.Parse(f, CultureInfo.InvariantCulture),
            };
            samples.Add(new PrometheusSample(name, labels, number));
        }
        return samples;
    }
}
