using Fleet.Agent.Reconciliation;
using Fleet.Agent.UnitManagement;
using Fleet.Core.Units;
using Fleet.Registry;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent;

/// <summary>Runs agent tasks in order through the unit manager, keeping <see cref="LocalUnits"/> in step
/// and marking touched units for state publishing. Stops at the first failure, as fleet does.</summary>
internal sealed partial class TaskExecutor(
    IUnitManager manager, UnitFileCache files, LocalUnits local, UnitStatePublisher publisher, ILogger logger)
{
    /// <summary>Executes the tasks.</summary>
    /// <returns><see langword="true"/> when every task succeeded; <see langword="false"/> after logging the
    /// first one that failed (later tasks are not attempted).</returns>
    /// <exception cref="RegistryUnavailableException">A unit file body could not be read.</exception>
    public async ValueTask<bool> ExecuteAsync(IReadOnlyList<AgentTask> tasks, CancellationToken cancellationToken)
    {
        foreach (var task in tasks)
        {
            try
            {
                if (!await ExecuteOneAsync(task, cancellationToken))
                {
                    return false;
                }
            }
            catch (UnitManagerException ex)
            {
                Log.TaskFailed(logger, ex, task.Kind, task.Unit, task.Reason);
                return false;
            }

            Log.TaskExecuted(logger, task.Kind, task.Unit, task.Reason);
        }

        return true;
    }

    private async ValueTask<bool> ExecuteOneAsync(AgentTask task, CancellationToken cancellationToken)
    {
        if (task.Kind == AgentTaskKind.ReloadUnitFiles)
        {
            await manager.ReloadAsync(cancellationToken);
            return true;
        }

        var name = task.Unit ?? throw new ArgumentException($"Task {task} has no unit.", nameof(task));
        switch (task.Kind)
        {
            case AgentTaskKind.UnloadUnit:
                await manager.UnloadAsync(name, cancellationToken);
                local.Remove(name);
                break;
            case AgentTaskKind.LoadUnit:
                return await LoadAsync(name, task.Hash ?? throw new ArgumentException($"Task {task} has no hash.", nameof(task)), cancellationToken);
            case AgentTaskKind.StopUnit:
                await manager.StopAsync(name, cancellationToken);
                local.SetState(name, TargetState.Loaded);
                break;
            case AgentTaskKind.StartUnit:
                await manager.StartAsync(name, cancellationToken);
                local.SetState(name, TargetState.Launched);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(task), task.Kind, "unknown task kind");
        }

        publisher.MarkDirty([name]);
        return true;
    }

    private async ValueTask<bool> LoadAsync(UnitName name, UnitHash hash, CancellationToken cancellationToken)
    {
        var file = await files.GetAsync(hash, cancellationToken);
        if (file is null)
        {
            Log.UnitFileMissing(logger, name, hash.Hex);
            return false;
        }

        await manager.LoadAsync(name, file, cancellationToken);
        local.Set(name, new AgentUnit(hash, TargetState.Loaded));
        publisher.MarkDirty([name]);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.Base + 1, Level = LogLevel.Information,
            Message = "Agent completed task: type={TaskKind} unit={UnitName} reason=\"{Reason}\"")]
        public static partial void TaskExecuted(ILogger logger, AgentTaskKind taskKind, UnitName? unitName, string reason);

        [LoggerMessage(EventId = AgentEventIds.Base + 2, Level = LogLevel.Error,
            Message = "Agent task failed: type={TaskKind} unit={UnitName} reason=\"{Reason}\"; later tasks wait for the retry")]
        public static partial void TaskFailed(ILogger logger, Exception exception, AgentTaskKind taskKind, UnitName? unitName, string reason);

        [LoggerMessage(EventId = AgentEventIds.Base + 3, Level = LogLevel.Error,
            Message = "Cannot load unit {UnitName}: the store has no unit file with hash {UnitHash}")]
        public static partial void UnitFileMissing(ILogger logger, UnitName unitName, string unitHash);
    }
}
