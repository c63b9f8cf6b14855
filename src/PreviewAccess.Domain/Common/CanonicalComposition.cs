using System.Collections.Frozen;
using System.Text;

namespace PreviewAccess.Domain.Common;

/// <summary>
/// Unicode Normalization Form C (UAX #15): canonical decomposition, canonical ordering, canonical composition.
/// The portal runs with <c>InvariantGlobalization</c>, where <see cref="string.Normalize()"/> returns its input
/// unchanged, so the tables come with the code (<c>CanonicalComposition.Data.cs</c>, generated); the result is the
/// same on every machine and for either database.
/// </summary>
internal static partial class CanonicalComposition
{
    // Hangul syllables decompose and compose by arithmetic (Unicode, section 3.12).
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly FrozenDictionary<int, int> Classes = BuildClasses();
    private static readonly FrozenDictionary<int, (int First, int Second)> Decompositions = BuildDecompositions();
    private static readonly FrozenDictionary<long, int> Composites = BuildComposites();

    /// <summary>The text in NFC. Valid UTF-16 only: lone surrogates are refused before (<see cref="InputText"/>).</summary>
    public static string ToNfc(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Below U+0300 nothing decomposes into, or composes with, anything else below U+0300.
        if (!text.AsSpan().ContainsAnyInRange('\u0300', '\uFFFF')) return text;

        var points = new List<int>(text.Length + 4);
        foreach (var rune in text.EnumerateRunes()) Decompose(rune.Value, points);
        Reorder(points);
        var length = Compose(points);

        var composed = new StringBuilder(length + 2);
        for (var i = 0; i < length; i++) composed.Append(char.ConvertFromUtf32(points[i]));
        var result = composed.ToString();
        return string.Equals(result, text, StringComparison.Ordinal) ? text : result;
    }

    /// <summary>The text in NFD: what <see cref="ToNfc"/> composes from (for the tests against the reference tables).</summary>
    internal static string ToNfd(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var points = new List<int>(text.Length + 4);
        foreach (var rune in text.EnumerateRunes()) Decompose(rune.Value, points);
        Reorder(points);
        var decomposed = new StringBuilder(points.Count + 2);
        foreach (var point in points) decomposed.Append(char.ConvertFromUtf32(point));
        return decomposed.ToString();
    }

    private static int ClassOf(int codePoint) => Classes.TryGetValue(codePoint, out var value) ? value : 0;

    private static void Decompose(int codePoint, List<int> into)
    {
        var s = codePoint - SBase;
        if (s is >= 0 and < SCount)
        {
            into.Add(LBase + s / NCount);
            into.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0) into.Add(TBase + s % TCount);
            return;
        }

        if (!Decompositions.TryGetValue(codePoint, out var parts))
        {
            into.Add(codePoint);
            return;
        }

        Decompose(parts.First, into);
        if (parts.Second != 0) Decompose(parts.Second, into);
    }

    /// <summary>Each run of combining marks in the order of their classes, keeping the order of marks of one class.</summary>
    private static void Reorder(List<int> points)
    {
        for (var i = 1; i < points.Count; i++)
        {
            var mark = points[i];
            var markClass = ClassOf(mark);
            if (markClass == 0) continue;
            var j = i;
            while (j > 0 && ClassOf(points[j - 1]) > markClass)
            {
                points[j] = points[j - 1];
                j--;
            }

            points[j] = mark;
        }
    }

    /// <summary>Composes in place; returns the composed length.</summary>
    private static int Compose(List<int> points)
    {
        if (points.Count == 0) return 0;
        var starterAt = 0;
        var starter = points[0];
        // A mark before any starter blocks composition with what follows it.
        var lastClass = ClassOf(starter) == 0 ? 0 : 256;
        var length = 1;
        for (var i = 1; i < points.Count; i++)
        {
            var point = points[i];
            var pointClass = ClassOf(point);
            if ((lastClass < pointClass || lastClass == 0) && Composite(starter, point) is { } composite)
            {
                points[starterAt] = starter = composite;
                continue;
            }

            if (pointClass == 0)
            {
                starterAt = length;
                starter = point;
            }

            lastClass = pointClass;
            points[length++] = point;
        }

        return length;
    }

    private static int? Composite(int first, int second)
    {
        var l = first - LBase;
        var v = second - VBase;
        if (l is >= 0 and < LCount && v is >= 0 and < VCount) return SBase + (l * VCount + v) * TCount;
        var s = first - SBase;
        var t = second - TBase;
        if (s is >= 0 and < SCount && s % TCount == 0 && t is > 0 and < TCount) return first + t;
        return Composites.TryGetValue(Key(first, second), out var composite) ? composite : null;
    }

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;

    private static FrozenDictionary<int, int> BuildClasses()
    {
        var runs = CombiningClassRuns;
        var classes = new Dictionary<int, int>();
        for (var i = 0; i < runs.Length; i += 3)
        {
            for (var point = runs[i]; point <= runs[i + 1]; point++) classes[point] = runs[i + 2];
        }

        return classes.ToFrozenDictionary();
    }

    private static FrozenDictionary<int, (int, int)> BuildDecompositions()
    {
        var table = DecompositionTable;
        var decompositions = new Dictionary<int, (int, int)>();
        for (var i = 0; i < table.Length; i += 3) decompositions[table[i]] = (table[i + 1], table[i + 2]);
        return decompositions.ToFrozenDictionary();
    }

    private static FrozenDictionary<long, int> BuildComposites()
    {
        var table = DecompositionTable;
        var excluded = new HashSet<int>(NotRecomposed.ToArray());
        var composites = new Dictionary<long, int>();
        for (var i = 0; i < table.Length; i += 3)
        {
            if (table[i + 2] != 0 && !excluded.Contains(table[i])) composites[Key(table[i + 1], table[i + 2])] = table[i];
        }

        return composites.ToFrozenDictionary();
    }
}
