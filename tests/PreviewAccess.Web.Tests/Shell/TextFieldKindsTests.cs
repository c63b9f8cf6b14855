using System.Text.RegularExpressions;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Tests.Shell;

/// <summary>
/// The kinds the one rule for text applies come from field names (<see cref="TextFields"/>): every text area of the
/// pages must be a multi-line field there, or its line breaks would be refused; every password box a secret, or
/// its password would be trimmed.
/// </summary>
public sealed partial class TextFieldKindsTests
{
    [Fact]
    public void Every_text_area_binds_a_multi_line_field_and_every_password_box_a_secret()
    {
        var views = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "PreviewAccess.Web"), "*.cshtml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(views);
        var textAreas = views.SelectMany(v => TextArea().Matches(File.ReadAllText(v)).Select(m => (View: Path.GetFileName(v), Field: m.Groups["field"].Value))).ToList();
        var passwords = views.SelectMany(v => PasswordBox().Matches(File.ReadAllText(v)).Select(m => (View: Path.GetFileName(v), Field: m.Groups["field"].Value))).ToList();

        Assert.True(textAreas.Count >= 8, $"found only {textAreas.Count} text areas");
        Assert.All(textAreas, t => Assert.True(TextFields.KindOf(LastPart(t.Field)) == TextKind.MultiLine, $"{t.View}: the text area {t.Field} is not a multi-line field in TextFields"));
        Assert.NotEmpty(passwords);
        Assert.All(passwords, p => Assert.True(TextFields.KindOf(LastPart(p.Field)) == TextKind.Secret, $"{p.View}: the password box {p.Field} is not a secret in TextFields"));
    }

    private static string LastPart(string field) => field[(field.LastIndexOf('.') + 1)..];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PreviewAccess.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (PreviewAccess.sln) was not found above the test's directory.");
    }

    [GeneratedRegex("""<textarea[^>]*\basp-for="(?<field>[^"]+)""")]
    private static partial Regex TextArea();

    [GeneratedRegex("""<input(?=[^>]*\btype="password")[^>]*\basp-for="(?<field>[^"]+)""")]
    private static partial Regex PasswordBox();
}
