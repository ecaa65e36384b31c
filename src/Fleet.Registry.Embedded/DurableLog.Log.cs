using Microsoft.Extensions.Logging;

namespace Fleet.Registry.Embedded;

/// <summary>Log messages of the embedded store's files.</summary>
internal sealed partial class DurableLog
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
            Message = "Opened the embedded registry in {DataDirectory}: {KeyCount} durable keys at revision {Revision} ({RecordCount} log records replayed)")]
        public static partial void Opened(ILogger logger, string dataDirectory, int keyCount, long revision, int recordCount);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
            Message = "Ignored an incomplete or damaged record at offset {Offset} of {LogPath} ({ByteCount} bytes): a write that was never acknowledged")]
        public static partial void TornRecordIgnored(ILogger logger, string logPath, int offset, int byteCount);
    }
}
