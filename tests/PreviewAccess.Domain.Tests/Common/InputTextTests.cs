using System.Security.Cryptography;
using System.Text;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Tests.Common;

/// <summary>The one rule for text entering the portal: what is refused, what is changed, and what is left alone.</summary>
public sealed class InputTextTests
{
    [Theory]
    [InlineData("Acme\u0000Corp", "U+0000")]
    [InlineData("\u0000", "U+0000")]
    [InlineData("bell\u0007", "U+0007")]
    [InlineData("esc\u001B[31m", "U+001B")]
    [InlineData("del\u007F", "U+007F")]
    [InlineData("next line\u0085", "U+0085")]
    [InlineData("csi\u009B", "U+009B")]
    public void Control_characters_are_refused_in_every_kind_of_field(string text, string named)
    {
        foreach (var kind in Enum.GetValues<TextKind>())
        {
            var result = InputText.Normalize(text, kind);
            Assert.True(result.IsRefused, $"{kind}: {result.Text}");
            Assert.Null(result.Text);
            Assert.Contains(named, result.Refusal, StringComparison.Ordinal);
        }
    }

    // (Lone surrogates cannot travel in attribute strings: each text is built from its UTF-16 code units.)
    [Theory]
    [InlineData(new[] { 'a', '\ud800', 'b' }, "lone surrogate (U+D800)")]
    [InlineData(new[] { '\udc00' }, "lone surrogate (U+DC00)")]
    [InlineData(new[] { 'e', 'n', 'd', '\ud83d' }, "lone surrogate (U+D83D)")]
    [InlineData(new[] { '\ude80', '\ud83d' }, "lone surrogate (U+DE80)")]
    [InlineData(new[] { 'x', '\uFFFE' }, "U+FFFE")]
    [InlineData(new[] { 'x', '\uFDD0' }, "U+FDD0")]
    [InlineData(new[] { 'x', '\ud83f', '\udfff' }, "U+1FFFF")]
    public void Lone_surrogates_and_noncharacters_are_refused(char[] units, string named)
    {
        var text = new string(units);
        foreach (var kind in Enum.GetValues<TextKind>())
        {
            Assert.Contains(named, InputText.Normalize(text, kind).Refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Acme\nCorp", "line break")]
    [InlineData("Acme\r\nCorp", "line break")]
    [InlineData("Acme\u2028Corp", "line break")]
    [InlineData("Acme\tCorp", "tab")]
    public void A_single_line_field_refuses_line_breaks_and_tabs(string text, string named)
    {
        Assert.Contains(named, InputText.Normalize(text).Refusal, StringComparison.Ordinal);
        Assert.Contains(named, InputText.Normalize(text, TextKind.Secret).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_line_field_keeps_its_lines_and_tabs_with_every_line_break_as_LF()
    {
        var result = InputText.Normalize("  First line\r\nsecond line\rthird\u2028fourth\u2029\tindented\n\n", TextKind.MultiLine);
        Assert.Equal("First line\nsecond line\nthird\nfourth\n\tindented", result.Text);
    }

    [Theory]
    [InlineData("Cafe\u0301", "Caf\u00e9")]
    [InlineData("  Cafe\u0301 Corp  ", "Caf\u00e9 Corp")]
    [InlineData("A\u030a", "\u00c5")]
    [InlineData("\u212b", "\u00c5")]
    [InlineData("\u2126", "\u03a9")]
    [InlineData("\u1100\u1161\u11a8", "\uac01")]
    [InlineData("q\u0323\u0307", "q\u0323\u0307")]
    [InlineData("q\u0307\u0323", "q\u0323\u0307")]
    [InlineData("\u0958", "\u0915\u093c")]
    [InlineData("Zo\u00eb \u03a9mega \u6771\u4eac \U0001F680", "Zo\u00eb \u03a9mega \u6771\u4eac \U0001F680")]
    public void Text_is_composed_to_NFC_and_trimmed(string text, string expected)
    {
        Assert.Equal(expected, InputText.Normalize(text).Text);
        Assert.Equal(expected.Trim(), InputText.Normalize(text, TextKind.MultiLine).Text);
    }

    [Fact]
    public void A_secret_is_checked_but_never_changed()
    {
        const string secret = "  pass\u0065\u0301 phrase  ";
        Assert.Same(secret, InputText.Normalize(secret, TextKind.Secret).Text);
    }

    [Fact]
    public void Null_stays_null_and_plain_text_is_the_same_string()
    {
        Assert.Equal(new NormalizedText(null, null), InputText.Normalize(null));
        const string plain = "Litware Systems";
        Assert.Same(plain, InputText.Normalize(plain).Text);
    }

    /// <summary>
    /// Every code point of the BMP and of three supplementary blocks with decompositions, in one text: the hashes are
    /// those of Python's unicodedata (the source of the tables) for NFC, NFD and NFC of the NFD.
    /// </summary>
    [Fact]
    public void Composition_and_decomposition_agree_with_the_reference_for_every_code_point()
    {
        var points = Enumerable.Range(0xA0, 0x10000 - 0xA0)
            .Where(p => p is not (>= 0xD800 and <= 0xDFFF) and not (>= 0xFDD0 and <= 0xFDEF) and not 0xFFFE and not 0xFFFF)
            .Concat(Enumerable.Range(0x11000, 0x200)).Concat(Enumerable.Range(0x1D100, 0x100)).Concat(Enumerable.Range(0x2F800, 0x220));
        var text = string.Concat(points.Select(char.ConvertFromUtf32));

        Assert.Equal("9318bfde36085ab04c18f1533ae556b7cf79cf7819bd51b3a9f1f7bb9ab370c7", Sha256(CanonicalComposition.ToNfc(text)));
        var decomposed = CanonicalComposition.ToNfd(text);
        Assert.Equal("209bf50369eb21e0ae8a3440c905f52f1916b4e8b67c398326b9a02f7eb2d9ad", Sha256(decomposed));
        Assert.Equal("9318bfde36085ab04c18f1533ae556b7cf79cf7819bd51b3a9f1f7bb9ab370c7", Sha256(CanonicalComposition.ToNfc(decomposed)));
    }

    [Fact]
    public void Combining_marks_in_every_order_and_Hangul_jamo_compose_as_the_reference_does()
    {
        int[] marks = [0x0301, 0x0316, 0x0323, 0x0308, 0x031B, 0x0345];
        string[] bases = ["a", "e", "o", "u", "A", "\u03b1", "\u0391", "\u1100", "\uac00"];
        var sequences = from b in bases from x in marks from y in marks from z in marks select b + (char)x + (char)y + (char)z;
        Assert.Equal("9efce9dfeeba993e5eab2ac70863bfca17cb718ae0b147bde62ba296f9ba6715", Sha256(CanonicalComposition.ToNfc(string.Join(' ', sequences))));

        var jamo = new StringBuilder();
        for (var l = 0x1100; l < 0x1113; l++)
        {
            for (var v = 0x1161; v < 0x1176; v++)
            {
                foreach (var t in new[] { 0x11A7, 0x11A8, 0x11C2 })
                {
                    jamo.Append((char)l).Append((char)v);
                    if (t != 0x11A7) jamo.Append((char)t);
                }
            }
        }

        Assert.Equal("262fc49d6b74a98d7662df3462b5c6cdae4a03ad5e2e3fa4e3ce27c000f7377a", Sha256(CanonicalComposition.ToNfc(jamo.ToString())));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
