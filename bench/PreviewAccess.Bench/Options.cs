using System.Globalization;

namespace PreviewAccess.Bench;

/// <summary><c>--name value</c> pairs; a missing required option is a <see cref="BenchException"/>.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal)) name = arg[2..];
            else if (name is not null) (values[name], name) = (arg, null);
        }

        return new Options(values);
    }

    public string Required(string name) =>
        values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new BenchException($"--{name} is required.");

    public string? Optional(string name) => values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public int Number(string name, int fallback) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}

internal sealed class BenchException(string message) : Exception(message);
