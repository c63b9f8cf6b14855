using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// The distinct identifiers (or emails) of the snapshot, each with the organizations that know it. Keys are held as
/// UTF-8 in one byte array and found through an open-addressing index of key numbers: a million keys as .NET
/// strings in a <see cref="Dictionary{TKey, TValue}"/> took ≈100 bytes each, this takes about a third of that and
/// no object per key. A key is nearly always known by one organization: the first (the oldest) sits beside where the
/// key begins, and only keys shared by several organizations have a list, oldest first.
/// </summary>
/// <remarks>
/// A gateway's question lands on a random key of a table far larger than the processor's caches, so every separate
/// read is a trip to memory: a lookup reads one slot, one entry (where the key begins, and its first owner, side by
/// side) and the key's bytes.
/// </remarks>
internal sealed class KeyTable
{
    /// <summary>Strict: a string that is not valid UTF-16 has no UTF-8 form, and so can be no key.</summary>
    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A slot holds key number + 1 in its low 24 bits (0: empty) and 8 bits of the key's hash above them: a probe
    /// compares a key's bytes only when those 8 bits match.
    /// </summary>
    internal const int MaxKeys = (1 << 24) - 2;

    private const int IdBits = 24;
    private const int IdMask = (1 << IdBits) - 1;
    private const int StackLimit = 512;

    private readonly byte[] _bytes;
    private readonly Entry[] _entries;
    private readonly int[] _slots;
    private readonly Dictionary<int, int[]> _moreOwners;
    private readonly int _count;

    /// <param name="count">The keys held; the arrays may be longer.</param>
    /// <param name="entries">Per key, where it begins in <paramref name="bytes"/> and its first owner; one more entry than keys, whose start is the end.</param>
    /// <param name="slots">Each key at the first free slot from its hash (see <see cref="MaxKeys"/>), at most three quarters full.</param>
    internal KeyTable(int count, byte[] bytes, Entry[] entries, int[] slots, Dictionary<int, int[]> moreOwners) =>
        (_count, _bytes, _entries, _slots, _moreOwners) = (count, bytes, entries, slots, moreOwners);

    /// <summary>The key's number, or -1.</summary>
    public int Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var most = Utf8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = most <= StackLimit ? stackalloc byte[most] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            return TryEncode(key, buffer, out var utf8) ? Find(utf8) : -1;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/> is one of these key numbers: compared with each one's bytes, without a lookup in
    /// the index (a grant's few emails sit next to each other; the index's slot would be one more trip to memory).
    /// </summary>
    public bool IsOneOf(string key, ReadOnlySpan<int> ids)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ids.IsEmpty) return false;
        var most = Utf8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = most <= StackLimit ? stackalloc byte[most] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            if (!TryEncode(key, buffer, out var utf8)) return false;
            foreach (var id in ids)
            {
                if (Bytes(id).SequenceEqual(utf8)) return true;
            }

            return false;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public string KeyAt(int key) => Utf8.GetString(Bytes(key));

    /// <summary>The oldest organization that knows the key.</summary>
    public int FirstOwner(int key) => _entries[key].FirstOwner;

    /// <summary>The owners after the first, oldest first; empty for the nearly all keys one organization knows.</summary>
    public int[] MoreOwners(int key) => _moreOwners.TryGetValue(key, out var owners) ? owners : [];

    private int Find(ReadOnlySpan<byte> key) => Probe(_slots, key, Hash(key), _bytes, _entries, out var slot) ? IdAt(_slots[slot]) : -1;

    private ReadOnlySpan<byte> Bytes(int key) => Bytes(_bytes, _entries, key);

    private static ReadOnlySpan<byte> Bytes(byte[] bytes, Entry[] entries, int key) =>
        bytes.AsSpan(entries[key].Start, entries[key + 1].Start - entries[key].Start);

    /// <summary>False for a string that is not valid UTF-16 (a lone surrogate): it has no UTF-8 form.</summary>
    private static bool TryEncode(string key, Span<byte> buffer, out ReadOnlySpan<byte> utf8)
    {
        try
        {
            utf8 = buffer[..Utf8.GetBytes(key, buffer)];
            return true;
        }
        catch (EncoderFallbackException)
        {
            utf8 = default;
            return false;
        }
    }

    /// <summary>
    /// A table from its keys and owners as stored (<see cref="CompactFactsImage"/>): the index is built anew, because
    /// hashes are per process.
    /// </summary>
    internal static KeyTable FromStored(byte[] bytes, Entry[] entries, Dictionary<int, int[]> moreOwners)
    {
        var count = entries.Length - 1;
        return new KeyTable(count, bytes, entries, Index(bytes, entries, count, SlotsFor(count)), moreOwners);
    }

    /// <summary>Slots for <paramref name="keys"/> keys: at most three quarters full.</summary>
    internal static int SlotsFor(int keys) => Math.Max(16, keys + keys / 3 + 1);

    /// <summary>The open-addressing index of the first <paramref name="count"/> keys, in <paramref name="length"/> slots.</summary>
    internal static int[] Index(byte[] bytes, Entry[] entries, int count, int length)
    {
        var slots = new int[length];
        for (var id = 0; id < count; id++)
        {
            var key = Bytes(bytes, entries, id);
            var hash = Hash(key);
            Probe(slots, key, hash, bytes, entries, out var slot);
            slots[slot] = Slot(id, hash);
        }

        return slots;
    }

    /// <summary>What <see cref="CompactFactsImage"/> stores of the table: the index is not stored.</summary>
    internal (ReadOnlyMemory<byte> Bytes, ReadOnlyMemory<Entry> Entries, Dictionary<int, int[]> MoreOwners) Stored =>
        (_bytes.AsMemory(0, _entries[_count].Start), _entries.AsMemory(0, _count + 1), _moreOwners);

    internal static int IdAt(int slot) => (slot & IdMask) - 1;

    internal static int Slot(int id, int hash) => (hash & ~IdMask) | (id + 1);

    /// <summary>Hashes are per process (<see cref="HashCode"/> is seeded at random), so a caller cannot aim keys at one slot.</summary>
    internal static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }

    /// <summary>True with the key's slot if it is held; false with the empty slot where it would go.</summary>
    internal static bool Probe(int[] slots, ReadOnlySpan<byte> key, int hash, byte[] bytes, Entry[] entries, out int slot)
    {
        var fingerprint = hash & ~IdMask;
        for (slot = Home(hash, slots.Length); ; slot = slot + 1 == slots.Length ? 0 : slot + 1)
        {
            var entry = slots[slot];
            if (entry == 0) return false;
            if ((entry & ~IdMask) != fingerprint) continue;
            if (Bytes(bytes, entries, IdAt(entry)).SequenceEqual(key)) return true;
        }
    }

    /// <summary>
    /// The slot a probe starts from: the hash's low 24 bits scaled to the table's length (any length, not only a power
    /// of two, so a million keys take 1.33 million slots rather than 2 million); the fingerprint is the other 8 bits.
    /// </summary>
    private static int Home(int hash, int length) => (int)(((ulong)(uint)(hash & IdMask) * (uint)length) >> IdBits);

    /// <summary>Where a key begins in the byte array, and the oldest organization that knows it: read together.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Entry
    {
        public int Start;
        public int FirstOwner;
    }
}

/// <summary>Collects a <see cref="KeyTable"/>'s keys as they stream in: each new key is encoded once and its string dropped.</summary>
internal sealed class KeyTableBuilder
{
    private byte[] _bytes;
    private int _length;
    private KeyTable.Entry[] _entries;
    private int _count;
    private int[] _slots;
    private byte[] _scratch = new byte[256];
    private readonly Dictionary<int, List<int>> _moreOwners = [];

    /// <param name="capacity">The keys expected: the tables are sized once for them, and grow if there are more.</param>
    /// <param name="bytesPerKey">The expected average length of a key in UTF-8.</param>
    public KeyTableBuilder(int capacity, int bytesPerKey)
    {
        capacity = Math.Max(capacity, 1);
        _bytes = new byte[capacity * bytesPerKey];
        _entries = new KeyTable.Entry[capacity + 1];
        _slots = new int[SlotsFor(capacity)];
    }

    public int Intern(string key)
    {
        var most = KeyTable.Utf8.GetMaxByteCount(key.Length);
        if (_scratch.Length < most) _scratch = new byte[most];
        var encoded = _scratch.AsSpan(0, KeyTable.Utf8.GetBytes(key, _scratch));
        _entries[_count].Start = _length;
        var hash = KeyTable.Hash(encoded);
        if (KeyTable.Probe(_slots, encoded, hash, _bytes, _entries, out var slot)) return KeyTable.IdAt(_slots[slot]);
        if (_count == KeyTable.MaxKeys) throw new InvalidOperationException($"The access snapshot holds at most {KeyTable.MaxKeys:N0} distinct identifiers or emails.");

        if (_count + 2 > _entries.Length) Grow(ref _entries, _count + 2);
        if (_length + encoded.Length > _bytes.Length) Grow(ref _bytes, _length + encoded.Length);
        encoded.CopyTo(_bytes.AsSpan(_length));
        var id = _count++;
        _length += encoded.Length;
        _entries[id].FirstOwner = -1;
        _entries[_count].Start = _length;
        _slots[slot] = KeyTable.Slot(id, hash);
        if (_count * 4 > _slots.Length * 3) Rehash(SlotsFor(_count * 2));
        return id;
    }

    public void AddOwner(int key, int organization)
    {
        var first = _entries[key].FirstOwner;
        if (first == organization) return;
        if (first < 0)
        {
            _entries[key].FirstOwner = organization;
            return;
        }

        if (!_moreOwners.TryGetValue(key, out var more)) _moreOwners[key] = more = [];
        if (!more.Contains(organization)) more.Add(organization);
    }

    /// <summary>The table, its arrays trimmed to what they hold; each key's owners sorted oldest first.</summary>
    public KeyTable Build(Comparison<int> compareAge)
    {
        var entries = Trimmed(_entries, _count + 1);
        var moreOwners = new Dictionary<int, int[]>(_moreOwners.Count);
        foreach (var (key, more) in _moreOwners)
        {
            int[] owners = [entries[key].FirstOwner, .. more];
            Array.Sort(owners, compareAge);
            entries[key].FirstOwner = owners[0];
            moreOwners[key] = owners[1..];
        }

        // Sized for the keys expected: when fewer came, a smaller index (every slot is 4 bytes held for the process's life).
        if (_slots.Length > SlotsFor(_count) + SlotsFor(_count) / 8) Rehash(SlotsFor(_count));
        return new KeyTable(_count, Trimmed(_bytes, _length), entries, _slots, moreOwners);
    }

    private static int SlotsFor(int keys) => KeyTable.SlotsFor(keys);

    private void Rehash(int length) => _slots = KeyTable.Index(_bytes, _entries, _count, length);

    private static void Grow<T>(ref T[] array, int needed) => Array.Resize(ref array, Math.Max(needed, array.Length * 2));

    /// <summary>The array itself when it is (nearly) full: a copy only to give back more than an eighth of it.</summary>
    private static T[] Trimmed<T>(T[] array, int length) => array.Length - length > array.Length / 8 ? array[..length] : array;
}
