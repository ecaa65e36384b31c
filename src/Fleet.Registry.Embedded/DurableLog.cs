using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Fleet.Registry.InMemory;
using Microsoft.Extensions.Logging;

namespace Fleet.Registry.Embedded;

/// <summary>The embedded store's files: a snapshot of every durable key and an append-only log of the
/// transactions since, each record fsynced before its write is acknowledged.</summary>
/// <remarks>
/// Layout under the data directory: <c>registry.snapshot</c> (one framed record: generation, revision,
/// every durable key), <c>registry.&lt;generation&gt;.log</c> (framed records: revision and changes) and
/// <c>registry.lock</c> (held while open, so two processes never share a directory). A frame is a 4-byte
/// little-endian payload length, the first 8 bytes of the payload's SHA-256, then the UTF-8 JSON payload.
/// On open the log is replayed up to its first incomplete or damaged record (a torn last write, never
/// acknowledged), then folded into a new snapshot and a fresh log of the next generation.
/// </remarks>
internal sealed partial class DurableLog : ICommitJournal, IDisposable
{
    private const int HeaderLength = 12;
    private const string SnapshotName = "registry.snapshot";
    private const string LockName = "registry.lock";

    private readonly FileStream _lock;
    private readonly FileStream _log;
    private readonly string _logPath;
    private bool _broken;

    private DurableLog(FileStream lockFile, FileStream log, string logPath)
    {
        _lock = lockFile;
        _log = log;
        _logPath = logPath;
    }

    /// <summary>Recovers the durable state of <paramref name="directory"/> and opens a fresh log for new writes.</summary>
    /// <exception cref="InvalidOperationException">The directory is in use by another process, or its snapshot is damaged.</exception>
    public static (DurableLog Log, IReadOnlyList<KeyValuePair<string, object>> State, long Revision) Open(string directory, ILogger logger)
    {
        var lockFile = AcquireLock(directory);
        try
        {
            var state = new SortedDictionary<string, object>(StringComparer.Ordinal);
            var (generation, revision) = ReadSnapshot(Path.Combine(directory, SnapshotName), state);
            var oldLog = LogPath(directory, generation);
            var replayed = 0;
            if (File.Exists(oldLog))
            {
                (revision, replayed) = Replay(oldLog, state, revision, logger);
            }

            var next = generation + 1;
            WriteSnapshot(directory, next, revision, state);
            var logPath = LogPath(directory, next);
            var log = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            log.Flush(flushToDisk: true);
            SyncDirectory(directory);
            foreach (var stale in Directory.EnumerateFiles(directory, "registry.*.log"))
            {
                if (stale != logPath)
                {
                    File.Delete(stale);
                }
            }

            Log.Opened(logger, directory, state.Count, revision, replayed);
            return (new DurableLog(lockFile, log, logPath), [.. state], revision);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Appends the durable part of one transaction and flushes it to disk.</summary>
    /// <exception cref="RegistryUnavailableException">The log could not be written; the transaction is not applied.</exception>
    public void Append(IReadOnlyList<RawChange> changes)
    {
        var durable = changes.Where(c => RegistryKeys.IsDurable(c.Key)).ToList();
        if (durable.Count == 0)
        {
            return;
        }

        if (_broken)
        {
            throw new RegistryUnavailableException($"The registry log '{_logPath}' failed earlier; restart fleetd to recover it.");
        }

        var frame = Frame(Payload(durable[0].Revision, durable.Select(c => (c.Key, c.Value))));
        var length = _log.Length;
        try
        {
            _log.Write(frame);
            _log.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            try
            {
                _log.SetLength(length);
            }
            catch (IOException)
            {
                _broken = true;
            }

            throw new RegistryUnavailableException($"Could not write the registry log '{_logPath}': {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _log.Dispose();
        _lock.Dispose();
    }

    private static string LogPath(string directory, long generation) => Path.Combine(directory, $"registry.{generation}.log");

    private static FileStream AcquireLock(string directory)
    {
        var path = Path.Combine(directory, LockName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"The embedded registry in '{directory}' is already open in another process ({path} is locked).", ex);
        }
    }

    private static (long Generation, long Revision) ReadSnapshot(string path, SortedDictionary<string, object> state)
    {
        if (!File.Exists(path))
        {
            return (0, 0);
        }

        var bytes = File.ReadAllBytes(path);
        var payload = TryUnframe(bytes, 0, out _) ?? throw new InvalidOperationException(
            $"The registry snapshot '{path}' is damaged (bad length or checksum); restore it from a backup or remove the data directory.");
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            foreach (var change in root.GetProperty("c").EnumerateArray())
            {
                var key = change.GetProperty("k").GetString()!;
                state[key] = DurableCodec.Read(key, change.GetProperty("v"));
            }

            return (root.GetProperty("g").GetInt64(), root.GetProperty("r").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The registry snapshot '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static (long Revision, int Records) Replay(string path, SortedDictionary<string, object> state, long revision, ILogger logger)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = 0;
        var records = 0;
        while (offset < bytes.Length)
        {
            var payload = TryUnframe(bytes, offset, out var consumed);
            if (payload is null || !TryApply(payload, state, ref revision))
            {
                Log.TornRecordIgnored(logger, path, offset, bytes.Length - offset);
                break;
            }

            offset += consumed;
            records++;
        }

        return (revision, records);
    }

    private static bool TryApply(byte[] payload, SortedDictionary<string, object> state, ref long revision)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var changes = new List<(string Key, object? Value)>();
            foreach (var change in root.GetProperty("c").EnumerateArray())
            {
                var key = change.GetProperty("k").GetString()!;
                var value = change.GetProperty("v");
                changes.Add((key, value.ValueKind == JsonValueKind.Null ? null : DurableCodec.Read(key, value)));
            }

            foreach (var (key, value) in changes)
            {
                if (value is null)
                {
                    state.Remove(key);
                }
                else
                {
                    state[key] = value;
                }
            }

            revision = Math.Max(revision, root.GetProperty("r").GetInt64());
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void WriteSnapshot(string directory, long generation, long revision, SortedDictionary<string, object> state)
    {
        var path = Path.Combine(directory, SnapshotName);
        var temporary = path + ".tmp";
        var payload = Payload(revision, state.Select(kv => (kv.Key, (object?)kv.Value)), generation);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(Frame(payload));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] Payload(long revision, IEnumerable<(string Key, object? Value)> changes, long? generation = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("r", revision);
            if (generation is long g)
            {
                writer.WriteNumber("g", g);
            }

            writer.WriteStartArray("c");
            foreach (var (key, value) in changes)
            {
                writer.WriteStartObject();
                writer.WriteString("k", key);
                writer.WritePropertyName("v");
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    DurableCodec.Write(writer, key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        SHA256.HashData(payload).AsSpan(0, 8).CopyTo(frame.AsSpan(4));
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    private static byte[]? TryUnframe(byte[] bytes, int offset, out int consumed)
    {
        consumed = 0;
        if (bytes.Length - offset < HeaderLength)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
        if (length < 0 || length > bytes.Length - offset - HeaderLength)
        {
            return null;
        }

        var payload = bytes.AsSpan(offset + HeaderLength, length).ToArray();
        if (!SHA256.HashData(payload).AsSpan(0, 8).SequenceEqual(bytes.AsSpan(offset + 4, 8)))
        {
            return null;
        }

        consumed = HeaderLength + length;
        return payload;
    }
}
