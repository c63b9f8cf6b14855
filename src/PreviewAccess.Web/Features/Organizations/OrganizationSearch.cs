namespace PreviewAccess.Web.Features.Organizations;

/// <summary>
/// The staff's search box in the navigation (Pages/Shared/_StaffSearch): one text box for an organization's name, API
/// organization ID, Codex workspace ID or email, answered by <see cref="OrganizationQueries"/> on the search page each
/// role may open — the support desk for support staff, the organizations list (whole program) for representatives and
/// admins. A search from the box that finds exactly one organization opens it.
/// </summary>
public static class OrganizationSearch
{
    /// <summary>The query parameter the box adds: with it, a first page of exactly one match goes straight to that organization.</summary>
    public const string OpenParameter = "open";

    /// <summary>The value of <see cref="OpenParameter"/>: open the organization when it is the single match.</summary>
    public const string OpenSingleMatch = "single";

    /// <summary>Whether a search's first page of <paramref name="matches"/> opens its one organization.</summary>
    public static bool OpensSingleMatch(string? open, string? after, int matches) =>
        string.Equals(open, OpenSingleMatch, StringComparison.Ordinal) && after is null && matches == 1;
}
