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
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.Ordinal))
            {
                result = candidate;
                return true;
            }
        }

        result = default;
        return false;
    }
}
