using CsvHelper;

namespace PreviewAccess.Web.Features.Common;

/// <summary>
/// CSV files that staff open in a spreadsheet. Every text cell that starts like a formula (<c>= + - @</c>, tab, CR)
/// is prefixed with <c>'</c>, so that a name or email typed by someone outside never runs as a formula.
/// </summary>
public static class SpreadsheetCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        // Excel reads a UTF-8 file without a byte order mark as the local code page.
        WriteByteOrderMark = true,
    };

    public static async Task WriteAsync(Stream destination, IReadOnlyList<string> header, IAsyncEnumerable<string?[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        await using var writer = CsvWriter.Create(destination, Options, leaveOpen: true);
        writer.WriteHeader([.. header]);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteRecordAsync(row!, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The file as bytes, for the small exports that are built in memory.</summary>
    public static async Task<byte[]> ToBytesAsync(IReadOnlyList<string> header, IEnumerable<string?[]> rows, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await WriteAsync(buffer, header, rows.ToAsyncEnumerable(), cancellationToken);
        return buffer.ToArray();
    }
}
