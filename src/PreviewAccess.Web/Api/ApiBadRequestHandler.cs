using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace PreviewAccess.Web.Api;

/// <summary>
/// What a client sent is the client's 400, never a 500, even where it got past the validators:
/// <list type="bullet">
/// <item>a body or parameter the framework cannot read (malformed JSON, a wrong type, an unknown enum spelling), where the
/// framework throws instead of answering (Development);</item>
/// <item>text the database cannot store: PostgreSQL refuses the character U+0000 anywhere in text (SQLSTATE 22021),
/// and no validator of the use cases rejects it yet.</item>
/// </list>
/// </summary>
public sealed class ApiBadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private static readonly string[] UnstorableText = ["22021", "22P05"];

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!httpContext.Request.Path.StartsWithSegments("/api")) return false;

        var (status, detail) = exception switch
        {
            BadHttpRequestException badRequest => (badRequest.StatusCode, "The request could not be read: check the JSON and the types of its fields."),
            _ when Causes(exception).OfType<DbException>().Any(e => UnstorableText.Contains(e.SqlState)) =>
                (StatusCodes.Status400BadRequest, "The request contains a character that cannot be stored, such as U+0000."),
            _ => (0, string.Empty),
        };
        if (status == 0) return false;

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = "Bad Request", Detail = detail },
        });
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException) yield return current;
    }
}
