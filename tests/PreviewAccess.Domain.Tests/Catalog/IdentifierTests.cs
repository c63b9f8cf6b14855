using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Domain.Tests.Catalog;

/// <summary>API organization ID: <c>org-</c> + exactly 24 letters or digits. Codex workspace ID: 3–64 of <c>[A-Za-z0-9_-]</c>.</summary>
public sealed class IdentifierTests
{
    [Theory]
    [InlineData("org-acme00000000000000000001")]
    [InlineData("org-ABCDEFGHIJKLMNOPQRSTUVWX")]
    [InlineData("org-000000000000000000000000")]
    [InlineData("org-aB3dE6gH9jK2mN5pQ8sT1vW4")]
    public void An_API_organization_ID_is_org_dash_and_24_letters_or_digits(string value)
    {
        Assert.Equal(28, value.Length);
        Assert.True(Identifiers.IsApiOrganizationId(value));
        Assert.True(Identifiers.IsValidFor(Surface.Api, value));
    }

    [Theory]
    [InlineData("org-acme0000000000000000001")] // 23
    [InlineData("org-acme000000000000000000001")] // 25
    [InlineData("ORG-acme00000000000000000001")]
    [InlineData("org_acme00000000000000000001")]
    [InlineData("orgacme000000000000000000001")]
    [InlineData("org-acme_0000000000000000001")]
    [InlineData("org-acme-0000000000000000001")]
    [InlineData("org-acme00000000000000000é01")]
    [InlineData(" org-acme00000000000000000001")]
    [InlineData("org-acme00000000000000000001 ")]
    [InlineData("org-")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_an_API_organization_ID(string? value)
    {
        Assert.False(Identifiers.IsApiOrganizationId(value));
    }

    [Fact]
    public void An_API_organization_ID_with_a_trailing_line_break_is_not_well_formed()
    {
        // DOMAIN.md: exactly 'org-' + 24 letters or digits. '$' in a .NET pattern also matches before a final '\n'.
        Assert.False(Identifiers.IsApiOrganizationId("org-acme00000000000000000001\n"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("acme-research")]
    [InlineData("acme_labs")]
    [InlineData("A-B_C-123")]
    [InlineData("---")]
    public void A_Codex_workspace_ID_is_3_to_64_letters_digits_underscores_or_dashes(string value)
    {
        Assert.True(Identifiers.IsCodexWorkspaceId(value));
        Assert.True(Identifiers.IsValidFor(Surface.Codex, value));
    }

    [Fact]
    public void A_Codex_workspace_ID_can_be_exactly_3_or_64_characters_long_and_no_more()
    {
        Assert.True(Identifiers.IsCodexWorkspaceId(new string('w', 3)));
        Assert.True(Identifiers.IsCodexWorkspaceId(new string('w', 64)));
        Assert.False(Identifiers.IsCodexWorkspaceId(new string('w', 2)));
        Assert.False(Identifiers.IsCodexWorkspaceId(new string('w', 65)));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("acme research")]
    [InlineData("acme.research")]
    [InlineData("acme/research")]
    [InlineData("acmé")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_Codex_workspace_ID(string? value)
    {
        Assert.False(Identifiers.IsCodexWorkspaceId(value));
    }

    [Fact]
    public void A_Codex_workspace_ID_with_a_trailing_line_break_is_not_well_formed()
    {
        Assert.False(Identifiers.IsCodexWorkspaceId("acme-research\n"));
    }

    [Fact]
    public void ChatGPT_has_no_identifiers_in_the_preview()
    {
        Assert.False(Identifiers.IsValidFor(Surface.ChatGPT, "org-acme00000000000000000001"));
        Assert.False(Identifiers.IsValidFor(Surface.ChatGPT, "acme-research"));
    }

    [Fact]
    public void Every_API_organization_ID_is_also_a_well_formed_workspace_ID()
    {
        Assert.True(Identifiers.IsCodexWorkspaceId("org-acme00000000000000000001"));
        Assert.True(Identifiers.IsWellFormed("org-acme00000000000000000001"));
        Assert.True(Identifiers.IsWellFormed("acme-research"));
        Assert.False(Identifiers.IsWellFormed("a b"));
    }
}
