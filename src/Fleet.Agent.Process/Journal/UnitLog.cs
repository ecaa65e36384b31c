using System.Runtime.CompilerServices;
using System.Text;

namespace Fleet.Agent.Process.Journal;

/// <summary>One unit's captured output: <c>output.log</c> (appended to directly by the unit's processes,
/// opened with <c>O_APPEND</c> by their launcher) and rotated copies <c>output.log.1</c> …, newest first.</summary>
/// <remarks>
/// Rotation is copy-then-truncate because the writers are other processes that keep their file open
/// (possibly while no supervisor runs): lines written between the copy and the truncation are lost,
/// which bounds the disk use at <c>fileCount × maxBytes</c> plus what is written between two checks.
/// Readers and rotation are serialised by an async gate; followers notice a rotation by its generation.
/// </remarks>
#pragma warning disable CA1001 // the SemaphoreSlim never allocates a wait handle (only WaitAsync is used): nothing to dispose
internal sealed class UnitLog
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly long _maxBytes;
    private readonly int _fileCount;
    private int _generation;

    /// <summary>Creates the log in <paramref name="directory"/> (created when missing).</summary>
    public UnitLog(string directory, long maxBytes, int fileCount)
    {
        Directory = directory;
        _maxBytes = maxBytes;
        _fileCount = fileCount;
    }

    /// <summary>The unit's state folder holding the log files.</summary>
    public string Directory { get; }

    /// <summary>The file the unit's processes append to.</summary>
    public string CurrentPath => Path.Combine(Directory, "output.log");

    /// <summary>The <paramref name="index"/>-th rotated file (1 is the newest).</summary>
    public string RotatedPath(int index) => Path.Combine(Directory, $"output.log.{index}");

    /// <summary>Rotates when the current file reached the size limit.</summary>
    /// <returns>True when it rotated.</returns>
    public async ValueTask<bool> RotateIfNeededAsync(CancellationToken cancellationToken)
    {
        if (Length(CurrentPath) < _maxBytes)
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Length(CurrentPath) < _maxBytes)
            {
                return false;
            }

            if (_fileCount > 1)
            {
                File.Delete(RotatedPath(_fileCount - 1));
                for (var i = _fileCount - 2; i >= 1; i--)
                {
                    if (File.Exists(RotatedPath(i)))
                    {
                        File.Move(RotatedPath(i), RotatedPath(i + 1), overwrite: true);
                    }
                }

                var temp = RotatedPath(1) + ".tmp";
                await using (var source = new FileStream(CurrentPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 81920, useAsync: true))
                await using (var target = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.Read, 81920, useAsync: true))
                {
                    await source.CopyToAsync(target, cancellationToken);
                }

                File.Move(temp, RotatedPath(1), overwrite: true);
            }

            await using (var current = new FileStream(CurrentPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                current.SetLength(0);
            }

            Interlocked.Increment(ref _generation);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Yields the last <paramref name="lines"/> complete lines (and, without follow, a final partial
    /// line), then with <paramref name="follow"/> every new line, checking every <paramref name="pollInterval"/>.</summary>
    public async IAsyncEnumerable<string> ReadAsync(int lines, bool follow, TimeProvider time, TimeSpan pollInterval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long position;
        int generation;
        List<string> tail;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            generation = Volatile.Read(ref _generation);
            var history = new List<byte>();
            for (var i = _fileCount - 1; i >= 1; i--)
            {
                history.AddRange(await ReadFromAsync(RotatedPath(i), 0, cancellationToken));
            }

            var current = await ReadFromAsync(CurrentPath, 0, cancellationToken);
            history.AddRange(current);
            var lastNewline = current.AsSpan().LastIndexOf((byte)'\n');
            position = lastNewline + 1;
            tail = SplitLines(history.ToArray(), includePartial: !follow, out _);
        }
        finally
        {
            _gate.Release();
        }

        foreach (var line in tail.Skip(Math.Max(0, tail.Count - Math.Max(0, lines))))
        {
            yield return line;
        }

        if (!follow)
        {
            yield break;
        }

        var pending = Array.Empty<byte>();
        while (true)
        {
            await Task.Delay(pollInterval, time, cancellationToken);
            byte[] fresh;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var now = Volatile.Read(ref _generation);
                if (now != generation)
                {
                    // Rotated since the last read: the rest of what we were reading is now in output.log.1.
                    var rest = now == generation + 1 && _fileCount > 1
                        ? await ReadFromAsync(RotatedPath(1), position, cancellationToken)
                        : [];
                    var current = await ReadFromAsync(CurrentPath, 0, cancellationToken);
                    fresh = [.. rest, .. current];
                    position = current.Length;
                    generation = now;
                }
                else
                {
                    if (Length(CurrentPath) < position)
                    {
                        position = 0; // truncated by someone else
                    }

                    fresh = await ReadFromAsync(CurrentPath, position, cancellationToken);
                    position += fresh.Length;
                }
            }
            finally
            {
                _gate.Release();
            }

            if (fresh.Length == 0)
            {
                continue;
            }

            var data = pending.Length == 0 ? fresh : [.. pending, .. fresh];
            var complete = SplitLines(data, includePartial: false, out var consumed);
            foreach (var line in complete)
            {
                yield return line;
            }

            pending = data[consumed..];
        }
    }

    /// <summary>Deletes every log file.</summary>
    public void Delete()
    {
        File.Delete(CurrentPath);
        for (var i = 1; i < _fileCount + 1; i++)
        {
            File.Delete(RotatedPath(i));
        }
    }

    private static long Length(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    private static async Task<byte[]> ReadFromAsync(string path, long offset, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            if (offset >= stream.Length)
            {
                return [];
            }

            stream.Position = offset;
            var buffer = new byte[stream.Length - offset];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return read == buffer.Length ? buffer : buffer[..read];
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static List<string> SplitLines(byte[] data, bool includePartial, out int consumed)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n')
            {
                lines.Add(Encoding.UTF8.GetString(data, start, i - start).TrimEnd('\r'));
                start = i + 1;
            }
        }

        consumed = start;
        if (includePartial && start < data.Length)
        {
            lines.Add(Encoding.UTF8.GetString(data, start, data.Length - start));
            consumed = data.Length;
        }

        return lines;
    }
}
