using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using PreviewAccess.Web.Features.Access;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>The access check reads its query as model binding from the framework's query collection would.</summary>
public sealed class AccessQueryTests
{
    [Theory]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("?surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=dev%40example.com&model=gpt-5.6-sol&country=US")]
    [InlineData("?SURFACE=Codex&Identifier=wrk_1&EMAIL=a+b%40example.com&Model=gpt-5.6-luna")]
    [InlineData("?surface=Api&surface=Codex&email=&model")]
    [InlineData("?surface=%41pi&identifier=%20org-x%20&email=%E6%9D%8E%40%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD&country=%")]
    [InlineData("?other=1&surface=Api&&=x&model=a%2Cb&model=c&su%72face=Codex")]
    [InlineData("?email=a%40example.com&email=b%40example.com&email=c%40example.com&identifier=%ZZ")]
    public void Each_field_is_what_binding_the_framework_query_collection_gives(string queryString)
    {
        var query = new QueryString(queryString);
        var collection = QueryHelpers.ParseNullableQuery(query.Value) ?? [];
        string? Bound(string name) => collection.TryGetValue(name, out var values) ? (string?)values : null;

        var expected = new CheckAccessInput(Bound("surface"), Bound("identifier"), Bound("email"), Bound("model"), Bound("country"));

        Assert.Equal(expected, AccessApi.ReadQuery(query));
    }

    [Fact]
    public void A_parameter_given_twice_reads_as_its_values_joined_by_commas_as_binding_a_string_does()
    {
        Assert.Equal("Api,Codex", (string?)new StringValues(["Api", "Codex"]));
        Assert.Equal("Api,Codex", AccessApi.ReadQuery(new QueryString("?surface=Api&surface=Codex")).Surface);
        Assert.Null(AccessApi.ReadQuery(new QueryString("?identifier=x")).Surface);
    }
}
