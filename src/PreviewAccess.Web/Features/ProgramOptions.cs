namespace PreviewAccess.Web.Features;

/// <summary>The <c>Program</c> section: settings of the preview program itself.</summary>
public sealed class ProgramOptions
{
    public const string Section = "Program";

    public int InvitationLifetimeDays { get; set; } = 14;

    public TimeSpan InvitationLifetime => TimeSpan.FromDays(InvitationLifetimeDays);
}
