using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// The image of <see cref="CompactFacts"/> that <see cref="StoredAccessImage"/> keeps in the database: the flat arrays
/// as they lie in memory, one after the other, each after its length. Reading it back is a few large copies, not a
/// million rows to parse and intern (bench/README.md: the first load at a million grants). The key tables' indexes are
/// not stored: hashes are per process, so they are built again.
/// </summary>
internal sealed partial class CompactFacts
{
    /// <summary>
    /// The layout of the image. Change it with any change to the stored arrays or their structs: an instance finds an
    /// image of another format unusable and loads from the tables instead (and then stores one of its own).
    /// </summary>
    public const int ImageFormat = 1;

    /// <summary>No stored array is longer: a length beyond it is a broken image, not a reason to allocate.</summary>
    private const int MaxLength = 1 << 30;

    /// <summary>Written first and checked on reading: a struct that changed size without a new format is caught.</summary>
    private static readonly int[] StructSizes = [Unsafe.SizeOf<Organization>(), Unsafe.SizeOf<Grant>(), Unsafe.SizeOf<KeyTable.Entry>()];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether images can be used on this machine at all: they are written in the processor's own byte order.</summary>
    public static bool ImagesSupported => BitConverter.IsLittleEndian;

    public void WriteImage(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Utf8, leaveOpen: true);
        foreach (var size in StructSizes) writer.Write(size);
        WriteArray<Organization>(writer, _organizations);
        WriteArray<int>(writer, _byId);
        WriteArray<Grant>(writer, _grants);
        WriteArray<int>(writer, _grantEmails);
        WriteArray<int>(writer, _enrollmentIdentifiers);
        WriteArray<int>(writer, _enrollmentEmails);
        WriteKeys(writer, _identifiers);
        WriteKeys(writer, _emails);
        writer.Write(_modelSets.Length);
        foreach (var set in _modelSets)
        {
            writer.Write(set.Count);
            foreach (var model in set) writer.Write(model);
        }

        writer.Flush();
    }

    /// <exception cref="InvalidDataException">The bytes are not an image of this format.</exception>
    public static CompactFacts ReadImage(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Utf8, leaveOpen: true);
            foreach (var size in StructSizes)
            {
                if (reader.ReadInt32() != size) throw new InvalidDataException("The access snapshot image was written with other record sizes.");
            }

            var organizations = ReadArray<Organization>(reader);
            var byId = ReadArray<int>(reader);
            var grants = ReadArray<Grant>(reader);
            var grantEmails = ReadArray<int>(reader);
            var enrollmentIdentifiers = ReadArray<int>(reader);
            var enrollmentEmails = ReadArray<int>(reader);
            var identifiers = ReadKeys(reader);
            var emails = ReadKeys(reader);
            var modelSets = new ArraySet[Length(reader, ushort.MaxValue + 1)];
            for (var i = 0; i < modelSets.Length; i++)
            {
                var models = new string[Length(reader, 1_000)];
                for (var m = 0; m < models.Length; m++) models[m] = string.Intern(reader.ReadString());
                modelSets[i] = new ArraySet(models);
            }

            var facts = new CompactFacts(organizations, byId, grants, grantEmails, enrollmentIdentifiers, enrollmentEmails, identifiers, emails, modelSets);
            facts.CheckShape();
            return facts;
        }
        catch (Exception e) when (e is EndOfStreamException or DecoderFallbackException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("The access snapshot image is cut short or not of this format.", e);
        }
    }

    /// <summary>The ranges the image's records point at lie within its arrays (the checksum guards the rest).</summary>
    private void CheckShape()
    {
        var last = _organizations.Length == 0 ? default : _organizations[^1];
        if (_organizations.Length == 0 || _byId.Length != _organizations.Length - 1 || last.GrantStart != _grants.Length
            || last.IdentifierStart != _enrollmentIdentifiers.Length || last.EmailStart != _enrollmentEmails.Length)
        {
            throw new InvalidDataException("The access snapshot image's ranges do not match its arrays.");
        }
    }

    private static void WriteArray<T>(BinaryWriter writer, ReadOnlySpan<T> items) where T : unmanaged
    {
        writer.Write(items.Length);
        writer.Write(MemoryMarshal.AsBytes(items));
    }

    private static T[] ReadArray<T>(BinaryReader reader) where T : unmanaged
    {
        var items = GC.AllocateUninitializedArray<T>(Length(reader, MaxLength / Unsafe.SizeOf<T>()));
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(items.AsSpan()));
        return items;
    }

    private static void WriteKeys(BinaryWriter writer, KeyTable keys)
    {
        var (bytes, entries, moreOwners) = keys.Stored;
        WriteArray(writer, bytes.Span);
        WriteArray(writer, entries.Span);
        writer.Write(moreOwners.Count);
        foreach (var (key, owners) in moreOwners)
        {
            writer.Write(key);
            WriteArray<int>(writer, owners);
        }
    }

    private static KeyTable ReadKeys(BinaryReader reader)
    {
        var bytes = ReadArray<byte>(reader);
        var entries = ReadArray<KeyTable.Entry>(reader);
        if (entries.Length == 0 || entries[^1].Start != bytes.Length) throw new InvalidDataException("The access snapshot image's keys do not match their bytes.");
        var count = Length(reader, entries.Length);
        var moreOwners = new Dictionary<int, int[]>(count);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadInt32();
            if ((uint)key >= (uint)(entries.Length - 1)) throw new InvalidDataException("The access snapshot image names a key it does not hold.");
            moreOwners[key] = ReadArray<int>(reader);
        }

        return KeyTable.FromStored(bytes, entries, moreOwners);
    }

    private static int Length(BinaryReader reader, int limit)
    {
        var length = reader.ReadInt32();
        return length >= 0 && length <= limit ? length : throw new InvalidDataException($"The access snapshot image holds a length of {length}.");
    }
}
