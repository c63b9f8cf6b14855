namespace PreviewAccess.Domain.Catalog;

/// <summary>The program is in preview; general availability has no announced date.</summary>
public enum ProgramPhase
{
    Preview,
    GenerallyAvailable,
}
