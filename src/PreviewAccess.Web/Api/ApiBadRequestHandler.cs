using System.Data.Common;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace PreviewAccess.Web.Api;

/// <summary>
/// What a client sent is the client's 400, never a 500, even where it got past the validators:
/// <list type="bullet">
/// <item>a body the framework cannot read (malformed JSON, a wrong type, an unknown enum spelling): a validation problem
/// like any other, its error on the field that caused it (<c>errors.surface</c>: "Use one of: Api, Codex, ChatGPT."),
/// described from the endpoint's request type; the framework throws for these in every environment
/// (<see cref="ApiRegistration"/>);</item>
/// <item>text refused by the one rule (<see cref="NormalizedTextConverter"/>): its reason on its field, by the JSON path
/// (<c>errors.name</c>: "Remove the invisible control character U+0007 from this text.");</item>
/// <item>as a last line, text the database cannot store: PostgreSQL refuses the character U+0000 anywhere in text
/// (SQLSTATE 22021); the rule refuses it first wherever text enters.</item>
/// </list>
/// </summary>
public sealed class ApiBadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>The key of errors that belong to the body as a whole (not JSON, no body at all).</summary>
    public const string BodyField = "body";

    private static readonly string[] UnstorableText = ["22021", "22P05"];

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!httpContext.Request.Path.StartsWithSegments("/api")) return false;

        if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } badRequest)
        {
            // The handler runs with the endpoint cleared; the feature keeps the one that threw.
            var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
            var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var (field, message) = badRequest.InnerException is JsonException json ? Describe(json, requestType) : (BodyField, "Send the request's fields as a JSON object.");
            await ApiResults.Invalid(field, message).ExecuteAsync(httpContext);
            return true;
        }

        var (status, detail) = exception switch
        {
            BadHttpRequestException other => (other.StatusCode, "The request could not be read."),
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

    /// <summary>
    /// The field a JSON error is on, by its path (<c>$.surfaces[0]</c> → <c>surfaces[0]</c>), and what that field takes,
    /// by the type the endpoint reads. Broken JSON (the reader's own error inside) is the body's.
    /// </summary>
    internal static (string Field, string Message) Describe(JsonException exception, Type? requestType)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is RefusedTextException refused && exception.Path is { } at && at != "$") return (FieldAt(at), refused.Refusal);
        if (exception.InnerException is JsonException || exception.Path is null or "$")
        {
            return (BodyField, exception.InnerException is JsonException
                ? $"The body is not valid JSON (line {exception.LineNumber + 1}, position {exception.BytePositionInLine + 1})."
                : "Send the request's fields as a JSON object.");
        }

        var field = FieldAt(exception.Path);
        return (field, TypeAt(requestType, field) is { } type ? $"Give {Expected(type)}." : "This value is not of the right type.");
    }

    private static string FieldAt(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>The type at a path such as <c>surfaces[0]</c> or <c>governmentCoordination.sharedOn</c>; null if unknown.</summary>
    private static Type? TypeAt(Type? root, string path)
    {
        var type = root;
        foreach (var part in path.Split('.'))
        {
            if (type is null) return null;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            type = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            for (var i = bracket; type is not null && i >= 0; i = part.IndexOf('[', i + 1)) type = ElementOf(type);
        }

        return type;
    }

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return $"one of: {string.Join(", ", Enum.GetNames(type))}";
        if (type == typeof(string)) return "text";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double)) return "a number";
        if (type == typeof(DateOnly)) return "a date, e.g. 2026-12-01";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "a timestamp in ISO 8601, e.g. 2026-11-25T10:00:00Z";
        if (type == typeof(Guid)) return "an id, e.g. 0196a1c2-7d3e-7f00-8a1b-2c3d4e5f6a7b";
        return ElementOf(type) is { } element ? $"a list of {Plural(Expected(element))}" : "an object";
    }

    private static string Plural(string expected) => expected switch
    {
        "text" => "texts",
        "a number" => "numbers",
        _ when expected.StartsWith("one of: ", StringComparison.Ordinal) => "values, each " + expected,
        _ => expected,
    };

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException) yield return current;
    }
}
