using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Api;

/// <summary>
/// The contract's JSON: camelCase (the web defaults), enums as their exact names, timestamps in UTC with a <c>Z</c>,
/// and every string read through the one rule for text (<see cref="InputText"/>, <see cref="NormalizedTextConverter"/>).
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // A number is a number: "5" for a count is the wrong type, and a 400 (the web defaults would accept it).
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new ExactEnumConverterFactory());
        options.Converters.Add(new UtcTimestampConverter());
        options.Converters.Add(NormalizedTextConverter.SingleLine);
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(NormalizedTextConverter.ByFieldKind);
    }
}

/// <summary>
/// Every string a request body holds, wherever it sits (a property, a list), normalised by <see cref="InputText"/>
/// with the kind of its field (<see cref="TextFields"/>): a text area's field keeps its line breaks, a password is
/// kept exactly. A refused text is a <see cref="RefusedTextException"/>, which <see cref="ApiBadRequestHandler"/>
/// reports on the field, by its JSON path. Strings are written unchanged.
/// </summary>
public sealed class NormalizedTextConverter : JsonConverter<string>
{
    public static readonly NormalizedTextConverter SingleLine = new(TextKind.SingleLine);
    public static readonly NormalizedTextConverter MultiLine = new(TextKind.MultiLine);
    public static readonly NormalizedTextConverter Secret = new(TextKind.Secret);

    private readonly TextKind _kind;

    private NormalizedTextConverter(TextKind kind) => _kind = kind;

    /// <summary>A type-info modifier: the string properties named as text areas or secrets get their kind's converter.</summary>
    public static void ByFieldKind(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (typeInfo.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in typeInfo.Properties.Where(p => p.PropertyType == typeof(string)))
        {
            property.CustomConverter = TextFields.KindOf(property.Name) switch
            {
                TextKind.MultiLine => MultiLine,
                TextKind.Secret => Secret,
                _ => property.CustomConverter,
            };
        }
    }

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("Give text.");
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") or bytes that are not UTF-8: the reader cannot make a string of it.
            throw new RefusedTextException("This text is not valid Unicode: it holds a lone surrogate or bytes that are not UTF-8.");
        }

        var normalized = InputText.Normalize(text, _kind);
        return normalized.Refusal is { } refusal ? throw new RefusedTextException(refusal) : normalized.Text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}

/// <summary>A string of a request body that <see cref="InputText"/> refuses; <see cref="Refusal"/> says why, for the person.</summary>
public sealed class RefusedTextException : JsonException
{
    public RefusedTextException(string refusal)
        : base(refusal) => Refusal = refusal;

    public RefusedTextException()
        : this("This text is refused.")
    {
    }

    public RefusedTextException(string message, Exception innerException)
        : base(message, innerException) => Refusal = message;

    public string Refusal { get; }
}

/// <summary>
/// Enums read and written by their exact names. The built-in string converter also accepts numbers and other
/// casings (<c>"api"</c>, <c>"1"</c>); the contract's spellings are exact, so anything else is a 400.
/// </summary>
public sealed class ExactEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(ExactEnumConverter<>).MakeGenericType(typeToConvert));
}

public sealed class ExactEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && ExactNames.TryParse<TEnum>(reader.GetString(), out var value)) return value;
        throw new JsonException($"Use one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <summary>As a dictionary key (e.g. a wave's counts by grant status), the same exact names.</summary>
    public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ExactNames.TryParse<TEnum>(reader.GetString(), out var value) ? value : throw new JsonException($"Use one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString());
    }
}

/// <summary>
/// Timestamps leave as ISO 8601 UTC (<c>2026-11-25T10:00:00Z</c>) whatever offset they were read with.
/// (Nullable timestamps use it too: System.Text.Json wraps it.)
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value)
            ? value
            : throw new JsonException("Give a timestamp in ISO 8601, e.g. 2026-11-25T10:00:00Z.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
