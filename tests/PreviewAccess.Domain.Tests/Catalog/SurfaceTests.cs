using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Domain.Tests.Catalog;

/// <summary>The preview is offered through the API and Codex; ChatGPT is known but not part of it.</summary>
public sealed class SurfaceTests
{
    [Fact]
    public void The_preview_offers_the_API_and_Codex_only()
    {
        Assert.Equal([Surface.Api, Surface.Codex], Surfaces.InPreview);
        Assert.True(Surface.Api.IsInPreview());
        Assert.True(Surface.Codex.IsInPreview());
        Assert.False(Surface.ChatGPT.IsInPreview());
    }

    [Fact]
    public void The_surface_spellings_are_the_contract()
    {
        Assert.Equal(["Api", "Codex", "ChatGPT"], Enum.GetNames<Surface>());
    }

    [Theory]
    [InlineData(Surface.Api, "API", "API organization ID")]
    [InlineData(Surface.Codex, "Codex", "Codex workspace ID")]
    public void Each_surface_has_words_for_people(Surface surface, string displayName, string identifierName)
    {
        Assert.Equal(displayName, surface.DisplayName());
        Assert.Equal(identifierName, surface.IdentifierName());
    }

    [Fact]
    public void The_program_is_in_preview_with_general_availability_still_to_come()
    {
        Assert.Equal(ProgramPhase.Preview, default(ProgramPhase));
        Assert.Equal(["Preview", "GenerallyAvailable"], Enum.GetNames<ProgramPhase>());
    }
}
