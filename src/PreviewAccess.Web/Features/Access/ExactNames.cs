namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// Enum values by their exact names, as the contract spells them (<c>Api</c>, <c>Codex</c>, <c>ChatGPT</c>): no other
/// casing, no numbers, no combinations — which <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/> would all accept.
/// </summary>
public static class ExactNames
{
    public static bool TryParse<TEnum>(string? value, out TEnum result)
        where TEnum : struct, Enum
    {
        foreach (var (name, candidate) in Names<TEnum>.All)
        {
            if (string.Equals(name, value, StringComparison.Ordinal))
            {
                result = candidate;
                return true;
            }
        }

        result = default;
        return false;
    }

    /// <summary>Read once per enum type: the gateway parses a surface on every request.</summary>
    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly (string Name, TEnum Value)[] All = [.. Enum.GetValues<TEnum>().Select(v => (v.ToString(), v))];
    }
}
