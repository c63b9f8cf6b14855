using System.Globalization;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Api;

/// <summary>How a use case's <see cref="Outcome{T}"/> becomes an HTTP answer: the one place the contract's status codes are decided.</summary>
public static class ApiResults
{
    public static IResult From<T>(Outcome<T> outcome, Func<T, IResult> success)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(success);
        return outcome.Succeeded ? success(outcome.Value!) : Failure(outcome);
    }

    public static async Task<IResult> FromAsync<T>(Outcome<T> outcome, Func<T, Task<IResult>> success)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(success);
        return outcome.Succeeded ? await success(outcome.Value!) : Failure(outcome);
    }

    /// <summary>400 with the fields' errors, 403 with the rule that refused, 404, or 409 whose detail is the rule's own sentence.</summary>
    public static IResult Failure<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            OutcomeKind.Invalid => Invalid(outcome.Errors),
            OutcomeKind.NotFound => NotFound(outcome.Message),
            OutcomeKind.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: outcome.Message),
            OutcomeKind.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: outcome.Message),
            _ => throw new InvalidOperationException("A success is not a failure."),
        };
    }

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value), title: "The request has invalid fields.");

    public static IResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: detail ?? "Not found.");
}

/// <summary>A page asked for: how many, after which cursor (null for the first page).</summary>
public sealed record PageRequest(int Limit, string? After);

/// <summary><c>limit</c> (1–200, default 50) and <c>after</c> of every list, read from the query string as given.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const int MaxCursorLength = 2000;

    /// <returns>The field errors; empty when both are well formed.</returns>
    public static Dictionary<string, string[]> Read(string? limitText, string? after, Func<string, bool> isValidCursor, out PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(isValidCursor);
        var errors = new Dictionary<string, string[]>();
        var limit = DefaultLimit;
        if (!string.IsNullOrEmpty(limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"Give a limit from 1 to {MaxLimit}."];
            limit = DefaultLimit;
        }

        var cursor = string.IsNullOrEmpty(after) ? null : after;
        if (cursor is not null && (cursor.Length > MaxCursorLength || !isValidCursor(cursor)))
        {
            errors["after"] = ["This is not a cursor of this list: use the 'next' of the previous page."];
        }

        page = new PageRequest(limit, cursor);
        return errors;
    }
}
