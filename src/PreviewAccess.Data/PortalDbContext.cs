using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using PreviewAccess.Data.Audit;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Domain.Support;

namespace PreviewAccess.Data;

/// <summary>
/// The portal's database. Each provider has a subclass of its own (<see cref="PostgresPortalDbContext"/>,
/// <see cref="SqlitePortalDbContext"/>) so that each keeps its own migrations.
/// </summary>
public abstract partial class PortalDbContext : IdentityDbContext<PortalUser, PortalRole, Guid>, IDataProtectionKeyContext
{
    /// <summary>Audit events wait here until save, when the chain gives them their ids and hashes.</summary>
    private readonly List<AuditEvent> _pendingAuditEvents = [];

    /// <summary>The chain's keys; null only for contexts made by hand that never write or verify the audit log (design time).</summary>
    private readonly AuditChainKeyring? _auditChainKeys;

    protected PortalDbContext(DbContextOptions options, AuditChainKeyring? auditChainKeys) : base(options)
    {
        _auditChainKeys = auditChainKeys;
    }

    public abstract DatabaseProvider Provider { get; }

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ScopeGrant> Grants => Set<ScopeGrant>();

    public DbSet<Amendment> Amendments => Set<Amendment>();

    public DbSet<Wave> Waves => Set<Wave>();

    public DbSet<PreviewModel> Models => Set<PreviewModel>();

    public DbSet<UnsupportedCountry> UnsupportedCountries => Set<UnsupportedCountry>();

    /// <summary>One row: the program's phase, second approval and cache multipliers (<see cref="Domain.Catalog.ProgramSettings.SingletonId"/>).</summary>
    public DbSet<ProgramSettings> ProgramSettings => Set<ProgramSettings>();

    public DbSet<SupportCase> SupportCases => Set<SupportCase>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    public DbSet<StoredAuditChainKey> StoredAuditChainKeys => Set<StoredAuditChainKey>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Outbox.OutboxMessage> OutboxMessages => Set<Outbox.OutboxMessage>();

    /// <summary>Adds an event to the audit log; it is chained and written with the next save.</summary>
    public void Append(AuditEvent auditEvent) => _pendingAuditEvents.Add(auditEvent ?? throw new ArgumentNullException(nameof(auditEvent)));

    /// <summary>
    /// Takes the audit chain's lock now instead of at save, for the rest of the current transaction. Every change
    /// writes an audit event, so until this transaction ends no other change can commit: what it reads after this
    /// call stays true until it commits.
    /// </summary>
    public Task HoldAuditChainAsync(CancellationToken cancellationToken) => LockAuditChainAsync(cancellationToken);

    /// <summary>Whether the chain's key is configured (<c>Audit:ChainKey</c>, outside the database) rather than kept by the data-protection system.</summary>
    public bool AuditChainKeyIsConfigured => AuditChainKeys.IsConfigured;

    /// <summary>
    /// Makes sure the chain's key is at hand before a unit of work opens its transaction. Without a configured key the
    /// portal makes one on first use and stores it encrypted by the data-protection system, whose own first key may
    /// need writing too: done here, outside any transaction, it never waits on the writer lock a SQLite transaction holds.
    /// </summary>
    public async Task PrepareAuditChainAsync(CancellationToken cancellationToken)
    {
        if (_auditChainKeys is null || _auditChainKeys.CurrentWithoutDatabase(DatabaseKey) is not null) return;
        // Something is tracked already (unusual before a unit of work): leave the key to the transaction, so that nothing else is saved here.
        if (ChangeTracker.HasChanges() || Database.CurrentTransaction is not null) return;
        if (await NewestReadableStoredKeyAsync(cancellationToken) is { } existing)
        {
            _auditChainKeys.UseStored(DatabaseKey, existing);
            return;
        }

        var fresh = _auditChainKeys.NewStoredKey();
        await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await Database.BeginTransactionAsync(ct);
            await LockAuditChainAsync(ct);
            // Another instance may have made one meanwhile: the first stored key is everyone's.
            if (await NewestReadableStoredKeyAsync(ct) is null)
            {
                StoredAuditChainKeys.Add(fresh.Stored);
                await base.SaveChangesAsync(true, ct);
                Entry(fresh.Stored).State = EntityState.Detached;
            }

            await transaction.CommitAsync(ct);
        }, cancellationToken);
        if (await NewestReadableStoredKeyAsync(cancellationToken) is { } chosen) _auditChainKeys.UseStored(DatabaseKey, chosen);
    }

    /// <summary>
    /// The key new events are chained with and checkpoints signed with: the configured one, else the stored one (made
    /// here, and saved with the next save, if <see cref="PrepareAuditChainAsync"/> has not run: then hold the chain's lock).
    /// </summary>
    public async Task<AuditChainKey> CurrentAuditChainKeyAsync(CancellationToken cancellationToken)
    {
        if (AuditChainKeys.CurrentWithoutDatabase(DatabaseKey) is { } known) return known;
        if (await NewestReadableStoredKeyAsync(cancellationToken) is { } stored)
        {
            AuditChainKeys.UseStored(DatabaseKey, stored);
            return stored;
        }

        // First use without a prepared key (a transaction opened outside a unit of work): stored with this save, and
        // remembered only once read back committed.
        var fresh = AuditChainKeys.NewStoredKey();
        StoredAuditChainKeys.Add(fresh.Stored);
        return fresh.Key;
    }

    /// <summary>Every key that can verify some stretch of the chain, by id (<see cref="AuditChainKey.Id"/>).</summary>
    public async Task<IReadOnlyDictionary<string, AuditChainKey>> KnownAuditChainKeysAsync(CancellationToken cancellationToken) =>
        AuditChainKeys.Known(await StoredAuditChainKeys.AsNoTracking().ToListAsync(cancellationToken));

    private AuditChainKeyring AuditChainKeys => _auditChainKeys
        ?? throw new InvalidOperationException("The audit chain needs its keys: register the context with AddPortalDatabase, or give it an AuditChainKeyring.");

    /// <summary>Which database the keyring's per-database memory is about: one portal, one database, but tests share a process.</summary>
    private string DatabaseKey => Database.GetConnectionString() ?? string.Empty;

    private async Task<AuditChainKey?> NewestReadableStoredKeyAsync(CancellationToken cancellationToken)
    {
        var stored = await StoredAuditChainKeys.AsNoTracking().ToListAsync(cancellationToken);
        return stored.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.KeyId, StringComparer.Ordinal)
            .Select(AuditChainKeys.Decrypt).OfType<AuditChainKey>().FirstOrDefault();
    }

    /// <summary>
    /// Before the first event under <paramref name="key"/>, an anchor says so: the chain up to the head is sealed by its
    /// hash (the log as written before the key: unkeyed, or under the previous key), and what follows is keyed with it.
    /// </summary>
    private async Task AnchorAsync(AuditChainKey key, long headId, string headHash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (AuditChainKeys.IsAnchoredTo(DatabaseKey, key)) return;
        var anchored = await AuditCheckpoints.AsNoTracking().Where(c => c.Kind == AuditCheckpointKind.Anchor)
            .OrderByDescending(c => c.Id).Select(c => c.KeyId).FirstOrDefaultAsync(cancellationToken);
        if (anchored == key.Id)
        {
            AuditChainKeys.RememberAnchor(DatabaseKey, key);
            return;
        }

        AuditCheckpoints.Add(AuditCheckpoint.Seal(AuditCheckpointKind.Anchor, headId, headId, headHash, at, "system", key));
    }

    /// <summary>Forgets everything tracked or pending, e.g. before a unit of work is retried.</summary>
    public void DiscardChanges()
    {
        _pendingAuditEvents.Clear();
        ChangeTracker.Clear();
    }

    /// <summary>
    /// Identity builds its part of the model from the application's <c>IdentityOptions</c> (schema v3 adds
    /// <c>AspNetUserPasskeys</c>; <see cref="IdentitySchema"/>). A context made outside a host — design-time migrations,
    /// tests — has no application services, so it is given the same schema here: the model never depends on how the
    /// context was made.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        if (optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            optionsBuilder.UseApplicationServiceProvider(IdentitySchema.StandaloneServices);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Enums are stored by name: readable in the database and safe when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    /// <summary>Framework code (the data-protection key store) saves synchronously; audit events need the async path.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditRewrites();
        if (_pendingAuditEvents.Count > 0) throw new InvalidOperationException("Audit events are saved with SaveChangesAsync.");
        BumpVersionsOfChangedAggregates();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditRewrites();
        BumpVersionsOfChangedAggregates();
        await ChainNewAuditEventsAsync(cancellationToken);
        await QueueWebhookDeliveriesAsync(cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Keeps other instances from setting the database up (reference and demo data) at the same time,
    /// until the returned handle is disposed. SQLite is embedded: one instance, nothing to hold.
    /// </summary>
    public virtual Task<IAsyncDisposable> HoldInitializationLockAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NothingHeld.Instance);

    private sealed class NothingHeld : IAsyncDisposable
    {
        public static readonly NothingHeld Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// Serializes writers of the audit chain until the current transaction ends. PostgreSQL takes an
    /// advisory lock; SQLite needs nothing, it allows one writer at a time.
    /// </summary>
    protected abstract Task LockAuditChainAsync(CancellationToken cancellationToken);

    private void RefuseAuditRewrites()
    {
        if (ChangeTracker.Entries<AuditEvent>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit log is append-only.");
        }
    }

    private async Task ChainNewAuditEventsAsync(CancellationToken cancellationToken)
    {
        if (ChangeTracker.Entries<AuditEvent>().Any(e => e.State == EntityState.Added))
        {
            throw new InvalidOperationException("Audit events are added with Append, so that the chain numbers them.");
        }

        if (_pendingAuditEvents.Count == 0) return;
        if (Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit events are written inside a unit of work (UnitOfWork.RunAsync), so that the change and its record commit together.");
        }

        await LockAuditChainAsync(cancellationToken);
        var key = await CurrentAuditChainKeyAsync(cancellationToken);
        var last = await AuditEvents.AsNoTracking().OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var (id, hash) = (last?.Id ?? 0, last?.Hash ?? string.Empty);
        await AnchorAsync(key, id, hash, _pendingAuditEvents[0].At, cancellationToken);
        foreach (var auditEvent in _pendingAuditEvents)
        {
            auditEvent.Chain(++id, hash, key);
            hash = auditEvent.Hash;
        }

        AuditEvents.AddRange(_pendingAuditEvents);
        _pendingAuditEvents.Clear();
    }

    /// <summary>
    /// Optimistic concurrency: every aggregate whose own row or any child row changed gets its
    /// <see cref="Aggregate.Version"/> incremented, and the update is made only where the stored
    /// version is still the one that was read. A stale write fails with a concurrency exception.
    /// </summary>
    private void BumpVersionsOfChangedAggregates()
    {
        var changed = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changed.Count == 0) return;
        var tracked = new TrackedByKey(ChangeTracker);
        var roots = new HashSet<EntityEntry>(ReferenceEqualityComparer.Instance);
        foreach (var entry in changed)
        {
            if (FindAggregateRoot(entry, tracked) is { State: EntityState.Unchanged or EntityState.Modified } root) roots.Add(root);
        }

        foreach (var root in roots)
        {
            var version = root.Property(nameof(Aggregate.Version));
            version.CurrentValue = (int)version.OriginalValue! + 1;
        }
    }

    private static EntityEntry? FindAggregateRoot(EntityEntry entry, TrackedByKey tracked)
    {
        for (var current = entry; current is not null;)
        {
            if (current.Entity is Aggregate) return current;
            current = FindParent(current, tracked);
        }

        return null;
    }

    /// <summary>The owner of an owned entity, or the aggregate a child entity points to (e.g. an invitation's organization).</summary>
    private static EntityEntry? FindParent(EntityEntry entry, TrackedByKey tracked)
    {
        var foreignKey = entry.Metadata.FindOwnership()
            ?? entry.Metadata.GetForeignKeys().FirstOrDefault(fk => typeof(Aggregate).IsAssignableFrom(fk.PrincipalEntityType.ClrType));
        if (foreignKey is null) return null;

        var keyValues = foreignKey.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray();
        return tracked.Find(foreignKey.PrincipalEntityType, foreignKey.PrincipalKey, keyValues);
    }

    /// <summary>
    /// The tracked entries of one principal type by their key's current values, indexed on first use: a save of many
    /// children (an import, a bulk copy) finds each parent in constant time instead of scanning every tracked entry.
    /// </summary>
    private sealed class TrackedByKey(ChangeTracker changeTracker)
    {
        private readonly Dictionary<(IEntityType, IKey), Dictionary<object?[], EntityEntry>> _indexes = [];

        public EntityEntry? Find(IEntityType type, IKey key, object?[] values)
        {
            if (!_indexes.TryGetValue((type, key), out var index))
            {
                index = new Dictionary<object?[], EntityEntry>(KeyValuesComparer.Instance);
                foreach (var candidate in changeTracker.Entries().Where(e => e.Metadata == type))
                {
                    index.TryAdd([.. key.Properties.Select(p => candidate.Property(p.Name).CurrentValue)], candidate);
                }

                _indexes.Add((type, key), index);
            }

            return index.GetValueOrDefault(values);
        }
    }

    private sealed class KeyValuesComparer : IEqualityComparer<object?[]>
    {
        public static readonly KeyValuesComparer Instance = new();

        public bool Equals(object?[]? x, object?[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(object?[] obj)
        {
            var hash = new HashCode();
            foreach (var value in obj) hash.Add(value);
            return hash.ToHashCode();
        }
    }
}
