using System.Globalization;
using System.Text;

namespace PreviewAccess.Domain.Common;

/// <summary>What a text field holds, which decides what <see cref="InputText"/> allows in it.</summary>
public enum TextKind
{
    /// <summary>A name, an email, an identifier, a search: one line.</summary>
    SingleLine,

    /// <summary>What a person writes in a text area (a reason, a justification, a note): line breaks and tabs allowed.</summary>
    MultiLine,

    /// <summary>A password or a signing secret: refused like a single line, but never changed (no trimming, no NFC).</summary>
    Secret,
}

/// <summary>Text after <see cref="InputText.Normalize"/>: either <see cref="Text"/>, or <see cref="Refusal"/> saying why not.</summary>
public readonly record struct NormalizedText(string? Text, string? Refusal)
{
    public bool IsRefused => Refusal is not null;
}

/// <summary>
/// The one rule for text that enters the portal, whichever way it comes (a form, a JSON body, a CSV cell, a query
/// string), so that both databases store and search exactly the same thing:
/// <list type="number">
/// <item>refused: a lone surrogate (not Unicode at all); a Unicode noncharacter (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF);
/// a C0 or C1 control character or DEL, U+0000 included (PostgreSQL cannot store it, and SQLite ends the text at it);
/// except that a <see cref="TextKind.MultiLine"/> text may hold line breaks and tabs;</item>
/// <item>line breaks (CR LF, CR, U+2028, U+2029) become LF;</item>
/// <item>the text is composed to Unicode NFC (<c>Cafe&#x301;</c> becomes <c>Café</c>) and trimmed of white space.</item>
/// </list>
/// A <see cref="TextKind.Secret"/> is only checked, never changed. Null stays null.
/// </summary>
public static class InputText
{
    public static NormalizedText Normalize(string? text, TextKind kind = TextKind.SingleLine)
    {
        if (text is null) return new NormalizedText(null, null);
        if (RefusalOf(text, kind) is { } refusal) return new NormalizedText(null, refusal);
        if (kind == TextKind.Secret) return new NormalizedText(text, null);
        var lines = kind == TextKind.MultiLine ? UnifyLineBreaks(text) : text;
        return new NormalizedText(CanonicalComposition.ToNfc(lines).Trim(), null);
    }

    /// <summary>The sentence that says why the text is refused, or null.</summary>
    public static string? RefusalOf(string text, TextKind kind = TextKind.SingleLine)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"This text is not valid Unicode: it holds a lone surrogate (U+{(int)c:X4}).");
                }

                var point = char.ConvertToUtf32(c, text[++i]);
                if ((point & 0xFFFE) == 0xFFFE) return NotACharacter(point);
                continue;
            }

            switch (c)
            {
                case '\n' or '\r' or '\u2028' or '\u2029':
                    if (kind != TextKind.MultiLine) return "Keep this on one line: remove the line break.";
                    break;
                case '\t':
                    if (kind != TextKind.MultiLine) return "Keep this on one line: replace the tab with a space.";
                    break;
                case < ' ' or (>= '\u007F' and <= '\u009F'):
                    return string.Create(CultureInfo.InvariantCulture, $"Remove the invisible control character U+{(int)c:X4} from this text.");
                case (>= '\uFDD0' and <= '\uFDEF') or '\uFFFE' or '\uFFFF':
                    return NotACharacter(c);
            }
        }

        return null;
    }

    private static string NotACharacter(int point) =>
        string.Create(CultureInfo.InvariantCulture, $"Remove U+{point:X4} from this text: it is not a character.");

    private static string UnifyLineBreaks(string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\u2028', '\u2029') < 0) return text;
        var unified = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\r':
                    unified.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    break;
                case '\u2028' or '\u2029':
                    unified.Append('\n');
                    break;
                default:
                    unified.Append(text[i]);
                    break;
            }
        }

        return unified.ToString();
    }
}
