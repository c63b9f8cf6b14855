using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Tests.Catalog;

/// <summary>Emails are trimmed and case-insensitive; countries are ISO 3166-1 alpha-2; a seeded list is unsupported.</summary>
public sealed class EmailAndCountryTests
{
    [Theory]
    [InlineData("dev@acme.example", "dev@acme.example")]
    [InlineData("  Dev@Acme.Example  ", "dev@acme.example")]
    [InlineData("\tDEV@ACME.EXAMPLE\r\n", "dev@acme.example")]
    public void An_email_is_stored_trimmed_and_lower_case(string given, string stored)
    {
        Assert.Equal(stored, EmailAddress.Normalize(given));
        Assert.Equal(stored, EmailAddress.Require(given, "account email"));
    }

    [Theory]
    [InlineData("dev@acme.example", "DEV@ACME.EXAMPLE")]
    [InlineData(" dev@acme.example", "dev@acme.example ")]
    [InlineData("Jane.Doe@Acme.Example", "jane.doe@acme.example")]
    public void Emails_that_differ_only_in_case_or_surrounding_spaces_are_the_same(string a, string b)
    {
        Assert.True(EmailAddress.AreSame(a, b));
        Assert.Equal(EmailAddress.Normalize(a), EmailAddress.Normalize(b));
    }

    [Fact]
    public void Different_emails_are_not_the_same()
    {
        Assert.False(EmailAddress.AreSame("dev@acme.example", "ops@acme.example"));
    }

    [Theory]
    [InlineData("dev@acme.example")]
    [InlineData("first.last+tag@sub.acme.example")]
    [InlineData("  dev@acme.example  ")]
    public void A_plausible_email_is_valid(string email)
    {
        Assert.True(EmailAddress.IsValid(email));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("dev")]
    [InlineData("dev@")]
    [InlineData("@acme.example")]
    [InlineData("dev@acme")]
    [InlineData("dev@@acme.example")]
    [InlineData("dev acme@acme.example")]
    [InlineData("<dev@acme.example>")]
    [InlineData("dev@-acme.example")]
    public void Anything_else_is_not_an_email(string? email)
    {
        Assert.False(EmailAddress.IsValid(email));
        var refusal = Assert.Throws<DomainException>(() => EmailAddress.Require(email, "affected account email"));
        Assert.Equal("The affected account email must be a valid email address.", refusal.Message);
    }

    [Fact]
    public void An_email_longer_than_254_characters_is_refused()
    {
        var local = new string('a', 64);
        var longEmail = local + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".example";

        Assert.True(longEmail.Length > EmailAddress.MaxLength);
        Assert.False(EmailAddress.IsValid(longEmail));
    }

    [Theory]
    [InlineData("US", "US")]
    [InlineData("gb", "GB")]
    [InlineData(" de ", "DE")]
    public void A_country_is_an_ISO_alpha_2_code_stored_upper_case(string given, string stored)
    {
        Assert.True(Countries.IsValid(given));
        Assert.Equal(stored, Countries.Require(given));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("XX")]
    [InlineData("USA")]
    [InlineData("U")]
    [InlineData("UK")]
    public void Anything_else_is_not_a_country(string? code)
    {
        Assert.False(Countries.IsValid(code));
        Assert.Throws<DomainException>(() => Countries.Require(code));
    }

    [Fact]
    public void The_unsupported_countries_are_seeded_with_the_seven_of_DOMAIN_md()
    {
        Assert.Equal(["BY", "CN", "CU", "IR", "KP", "RU", "SY"], UnsupportedCountry.Seed);
        Assert.All(UnsupportedCountry.Seed, c => Assert.Contains(c, Countries.All));
    }

    [Fact]
    public void An_admin_adds_an_unsupported_country_by_its_code()
    {
        Assert.Equal("VE", new UnsupportedCountry(" ve ").Code);
        Assert.Throws<DomainException>(() => new UnsupportedCountry("Venezuela"));
    }
}
