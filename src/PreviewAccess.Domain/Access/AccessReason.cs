namespace PreviewAccess.Domain.Access;

/// <summary>The outcome of an access decision. Spellings are part of the API contract; the order is DOMAIN.md's.</summary>
public enum AccessReason
{
    Allowed,
    SurfaceNotInPreview,
    UnknownIdentifier,
    NotApprovedForSurface,
    IdentifierNotInScope,
    Suspended,
    EmailNotApproved,
    ModelNotIncluded,
    NotYetEnabled,
    UnsupportedRegion,
}

/// <summary>The words shown to a person for each reason: what happened, and what to do next (the notice's own words).</summary>
public static class AccessReasonText
{
    public static string Message(this AccessReason reason) => reason switch
    {
        AccessReason.Allowed => "Access is enabled for this account, identifier and model.",
        AccessReason.SurfaceNotInPreview => "GPT-5.6 is not available in ChatGPT during the preview.",
        AccessReason.UnknownIdentifier => "This API organization, Codex workspace or account email is not part of the preview.",
        AccessReason.NotApprovedForSurface => "The organization is not approved for this surface.",
        AccessReason.IdentifierNotInScope => "This API organization or Codex workspace is not included in the organization's approval.",
        AccessReason.Suspended => "Access for this organization or approval is suspended, revoked or expired.",
        AccessReason.EmailNotApproved => "This account email is not one of the approved account emails.",
        AccessReason.ModelNotIncluded => "This model is not included in the approval.",
        AccessReason.NotYetEnabled => "The approval exists but access is not enabled yet.",
        AccessReason.UnsupportedRegion => "The request appears to come from an unsupported country or region.",
        _ => reason.ToString(),
    };

    public static string NextStep(this AccessReason reason) => reason switch
    {
        AccessReason.Allowed => "—",
        AccessReason.SurfaceNotInPreview => "The preview covers the API and Codex only, not ChatGPT.",
        AccessReason.UnknownIdentifier => "Check that you use the approved API organization or Codex workspace.",
        AccessReason.NotApprovedForSurface => "Access covers the API, Codex or both: confirm which your approval includes.",
        AccessReason.IdentifierNotInScope => "Access may be enabled for a different API organization or Codex workspace.",
        AccessReason.Suspended => "Contact your account representative.",
        AccessReason.EmailNotApproved => "Sign in with the approved account email.",
        AccessReason.ModelNotIncluded => "Contact your account representative.",
        AccessReason.NotYetEnabled => "Access is enabled on a rolling basis; completing enrollment does not activate it.",
        AccessReason.UnsupportedRegion => "Disconnect any VPN or proxy and try again.",
        _ => string.Empty,
    };
}
