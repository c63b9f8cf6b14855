using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PreviewAccess.Web.Features.Access;

namespace PreviewAccess.Web.Api;

/// <summary>
/// The contract's JSON: camelCase (the web defaults), enums as their exact names, timestamps in UTC with a <c>Z</c>.
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
    }
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
