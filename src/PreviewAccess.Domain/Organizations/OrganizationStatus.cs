namespace PreviewAccess.Domain.Organizations;

/// <summary>The organization's lifecycle (DOMAIN.md). Spellings are part of the API contract.</summary>
public enum OrganizationStatus
{
    /// <summary>Created by its account representative.</summary>
    Nominated,

    /// <summary>An invitation is pending.</summary>
    Invited,

    /// <summary>The invitation was accepted; the enrollment is not (yet, or again) submitted.</summary>
    Enrolling,

    /// <summary>The enrollment is submitted and a requested surface is still undecided.</summary>
    UnderReview,

    /// <summary>Every requested surface is decided.</summary>
    Reviewed,

    /// <summary>Suspended by staff; reinstating returns to the status before.</summary>
    Suspended,
}
