namespace PreviewAccess.Web.Features;

/// <summary>The <c>Program</c> section: settings of the preview program itself.</summary>
public sealed class ProgramOptions
{
    public const string Section = "Program";

    /// <summary>When on, an approval waits for a second, different staff user.</summary>
    public bool RequireSecondApproval { get; set; }

    public int InvitationLifetimeDays { get; set; } = 14;

    public TimeSpan InvitationLifetime => TimeSpan.FromDays(InvitationLifetimeDays);
}
