using System.Diagnostics;
using Fleet.Core.Units;
using Fleet.Engine.Configuration;

namespace Fleet.ScaleHarness;

/// <summary>The scenarios, each run on the cluster as the previous one left it (bulk first).</summary>
internal static class Scenarios
{
    public static UnitName BulkUnit(int i) => UnitName.Parse($"scale-{i}.service");

    public static async Task BulkAsync(SimulatedCluster cluster, HarnessArguments args, ScaleResult result, CancellationToken cancellationToken)
    {
        var units = Enumerable.Range(0, args.Units).Select(i => (BulkUnit(i), UnitRequirements.None));
        var standby = args.Scenarios.Contains("failover");
        var submit = Stopwatch.StartNew();
        if (args.Preload)
        {
            // Everything submitted while no engine runs: the engine's first term places all units at once.
            await cluster.SubmitAsync(units, cancellationToken);
            result.SecondsToSubmit = submit.Elapsed.TotalSeconds;
        }

        var before = await cluster.ReadAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var clockOffset = TimeSpan.Zero;
        await cluster.StartEnginesAsync(standby: false, cancellationToken);
        Console.Error.WriteLine($"harness pid {Environment.ProcessId}, leading engine pid {cluster.Leader!.ProcessId}");
        if (args.Preload)
        {
            // Timed from the election (the engine's CPU from its process start, JIT included).
            clockOffset = Stopwatch.GetElapsedTime(await cluster.Leader!.Elected);
            clock.Restart();
        }
        else
        {
            before = await cluster.ReadAsync(cancellationToken);
            clock.Restart();
            await cluster.SubmitAsync(units, cancellationToken);
            result.SecondsToSubmit = clock.Elapsed.TotalSeconds;
        }

        var scheduled = before.ScheduleChanges + args.Units;
        var delivered = Task.Run(async () =>
        {
            await cluster.WaitAsync(() => cluster.Wakes.Changes >= scheduled, $"{args.Units} schedule entries delivered", cancellationToken);
            return (clock.Elapsed + clockOffset).TotalSeconds;
        }, cancellationToken);
        await cluster.WaitAsync(() => cluster.Tracker.RunningUnits >= args.Units, $"{args.Units} units running", cancellationToken);
        result.SecondsToConverge = (clock.Elapsed + clockOffset).TotalSeconds;
        result.SecondsToScheduled = await delivered;
        var after = await cluster.ReadAsync(cancellationToken);
        var etcd = after.Etcd.Since(before.Etcd);
        double placed = args.Units;
        result.PlacementsPerSecond = placed / result.SecondsToConverge;
        result.AgentsWokenPerPlacement = (after.WakeUps - before.WakeUps) / placed;
        result.ScheduleChangesPerPlacement = (after.ScheduleChanges - before.ScheduleChanges) / placed;
        result.WatchEventsPerPlacement = etcd.Events / placed;
        result.EtcdRequestsPerPlacement = etcd.Requests / placed;
        result.ClientRequestsPerPlacement = (after.ClientRequests - before.ClientRequests) / placed;
        result.EtcdWritesPerPlacement = etcd.Writes / placed;
        result.EtcdTxnsPerPlacement = etcd.Txns / placed;
        result.EtcdCpuSeconds = etcd.CpuSeconds;
        result.EtcdRssMb = etcd.RssBytes / 1024 / 1024;
        result.HarnessCpuSeconds = after.HarnessCpuSeconds - before.HarnessCpuSeconds;
        result.HarnessJitSeconds = after.HarnessJitSeconds - before.HarnessJitSeconds;
        var leader = after.Leader;
        result.EngineCpuSeconds = leader.CpuSeconds - before.Leader.CpuSeconds;
        result.EngineJitSeconds = leader.JitSeconds - before.Leader.JitSeconds;
        result.EngineRssMb = leader.RssMb;
        result.EnginePeakRssMb = leader.PeakRssMb;
        result.EngineHeapMb = leader.Counts.HeapBytes / 1024.0 / 1024;
        result.EngineAllocatedMbPerThousandPlacements = (leader.Counts.AllocatedBytes - before.Leader.Counts.AllocatedBytes) / 1024.0 / 1024 / placed * 1000;
        result.EngineGen0Collections = leader.Counts.Gen0 - before.Leader.Counts.Gen0;
        result.EngineGen1Collections = leader.Counts.Gen1 - before.Leader.Counts.Gen1;
        result.EngineGen2Collections = leader.Counts.Gen2 - before.Leader.Counts.Gen2;
        result.EngineGcPauseMs = leader.Counts.GcPauseMs - before.Leader.Counts.GcPauseMs;
        if (standby)
        {
            await cluster.StartEnginesAsync(standby: true, cancellationToken);
        }
    }

    public static async Task IdleAsync(SimulatedCluster cluster, HarnessArguments args, ScaleResult result, CancellationToken cancellationToken)
    {
        var before = await cluster.ReadAsync(cancellationToken);
        await Task.Delay(args.Idle, TimeProvider.System, cancellationToken);
        var after = await cluster.ReadAsync(cancellationToken);
        var etcd = after.Etcd.Since(before.Etcd);
        var minutes = after.SecondsSince(before) / 60;
        result.IdleSeconds = after.SecondsSince(before);
        result.IdleEtcdWritesPerMinute = etcd.Writes / minutes;
        result.IdleWatchEventsPerMinute = etcd.Events / minutes;
        result.IdleEtcdRequestsPerMinute = etcd.Requests / minutes;
        result.IdleKeepAlivesPerMinute = etcd.KeepAlives / minutes;
        result.IdleAgentWakeUpsPerMinute = (after.WakeUps - before.WakeUps) / minutes;
        var harness = after.HarnessRequests.Since(before.HarnessRequests);
        result.IdleClientRequests = $"harness (agents): {harness with { LeaseKeepAlive = 0 }}; engine: {after.ClientRequests - before.ClientRequests - harness.WithoutKeepAlives}";
        result.IdleEngineCpuSecondsPerMinute = (after.Leader.CpuSeconds - before.Leader.CpuSeconds) / minutes;
        result.IdleEngineJitSecondsPerMinute = (after.Leader.JitSeconds - before.Leader.JitSeconds) / minutes;
    }

    /// <summary>Stops running units and starts stopped ones (each at least a second after its stop completed) at
    /// a steady rate, then waits until every change took effect; finally starts whatever is still stopped.</summary>
    public static async Task ChurnAsync(SimulatedCluster cluster, HarnessArguments args, ScaleResult result, CancellationToken cancellationToken)
    {
        if (args.ChurnWarmup > TimeSpan.Zero)
        {
            // Unmeasured: lets the engine's JIT reach tier 1 on the change path first (a long-running fleetd has).
            await ChurnPhaseAsync(cluster, args, args.ChurnWarmup, cancellationToken);
        }

        result.Churn = await ChurnPhaseAsync(cluster, args, args.ChurnSeconds, cancellationToken);
    }

    private static async Task<ChurnResult> ChurnPhaseAsync(SimulatedCluster cluster, HarnessArguments args, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = (int)Math.Max(2, args.ChurnRate * duration.TotalSeconds);
        var stopped = new Queue<(UnitName Unit, Task<long> Done)>();
        var stoppedSet = new HashSet<UnitName>();
        var operations = new List<Task<double>>(total);
        var next = 0;
        int starts = 0, stops = 0;
        var before = await cluster.ReadAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        for (var j = 0; j < total; j++)
        {
            var due = TimeSpan.FromSeconds(j / args.ChurnRate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, TimeProvider.System, cancellationToken);
            }

            if (stopped.TryPeek(out var head) && head.Done.IsCompletedSuccessfully
                && Stopwatch.GetElapsedTime(await head.Done) >= TimeSpan.FromSeconds(1))
            {
                stopped.Dequeue();
                stoppedSet.Remove(head.Unit);
                starts++;
                operations.Add(ChangeAsync(cluster, head.Unit, TargetState.Launched, count => count >= 1, cancellationToken));
            }
            else
            {
                var unit = BulkUnit(next++ % args.Units);
                if (!stoppedSet.Add(unit))
                {
                    continue;
                }

                stops++;
                var change = ChangeAsync(cluster, unit, TargetState.Inactive, count => count == 0, cancellationToken);
                operations.Add(change);
                stopped.Enqueue((unit, cluster.Tracker.WhenAsync(unit, count => count == 0)));
            }
        }

        var issued = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var latencies = (await Task.WhenAll(operations).WaitAsync(args.Timeout, TimeProvider.System, cancellationToken)).Order().ToArray();
        var after = await cluster.ReadAsync(cancellationToken);
        var etcd = after.Etcd.Since(before.Etcd);
        double changes = operations.Count;
        var measured = new ChurnResult(
            args.ChurnRate, issued, starts, stops, changes / issued,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1],
            etcd.Requests / changes, (after.ClientRequests - before.ClientRequests) / changes, etcd.Writes / changes, etcd.Events / changes,
            (after.WakeUps - before.WakeUps) / changes, (after.Leader.CpuSeconds - before.Leader.CpuSeconds) * 1000 / changes,
            (after.Leader.JitSeconds - before.Leader.JitSeconds) * 1000 / changes,
            etcd.CpuSeconds * 1000 / changes);

        // Leave every bulk unit running for the next scenario.
        var restart = stoppedSet.ToList();
        await Task.WhenAll(restart.Select(u => ChangeAsync(cluster, u, TargetState.Launched, count => count >= 1, cancellationToken)));
        return measured;
    }

    public static async Task GlobalAsync(SimulatedCluster cluster, ScaleResult result, CancellationToken cancellationToken)
    {
        var unit = UnitName.Parse("global-0.service");
        var machines = cluster.LiveMachines;
        var before = await cluster.ReadAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await cluster.SubmitAsync([(unit, new UnitRequirements { Global = true })], cancellationToken);
        await cluster.WaitAsync(() => cluster.Tracker.RunningOn(unit) >= machines, $"global unit on {machines} machines", cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var after = await cluster.ReadAsync(cancellationToken);
        var etcd = after.Etcd.Since(before.Etcd);
        result.Global = new GlobalResult(machines, seconds, etcd.Requests / machines, etcd.Events / machines,
            (after.WakeUps - before.WakeUps) / (double)machines, after.Leader.CpuSeconds - before.Leader.CpuSeconds);
    }

    /// <summary>Kills the leader (SIGKILL), submits a unit at once, and times until it runs.</summary>
    public static async Task FailoverAsync(SimulatedCluster cluster, HarnessArguments args, ScaleResult result, CancellationToken cancellationToken)
    {
        var probe = UnitName.Parse("failover-probe.service");
        var running = cluster.Tracker.WhenAsync(probe, count => count >= 1);
        var standby = cluster.Standby ?? throw new InvalidOperationException("failover needs a standby engine");
        var killedAt = Stopwatch.GetTimestamp();
        await cluster.KillLeaderAsync(cancellationToken);
        await cluster.SubmitAsync([(probe, UnitRequirements.None)], cancellationToken);
        long ranAt;
        try
        {
            ranAt = await running.WaitAsync(args.Timeout, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {args.Timeout.TotalSeconds:0}s waiting for: {probe} running after the leader was killed");
        }

        var electedAt = await standby.Elected;
        var usage = await standby.ReadUsageAsync(cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(killedAt, ranAt).TotalSeconds;
        result.FailoverSeconds = seconds;
        result.Failover = new FailoverResult(new EngineOptions().LeaseTtl.TotalSeconds,
            Stopwatch.GetElapsedTime(killedAt, electedAt).TotalSeconds, seconds, usage.CpuSeconds, usage.RssMb);
    }

    /// <summary>Removes every tenth machine at once (their agents revoke their leases, as an expired lease would).</summary>
    public static async Task MachineLossAsync(SimulatedCluster cluster, ScaleResult result, CancellationToken cancellationToken)
    {
        var lost = Enumerable.Range(0, cluster.Machines.Count).Where(i => i % 10 == 9 && cluster.Agents[i] is not null).ToList();
        var affected = cluster.Tracker.MarkLost([.. lost.Select(i => cluster.Machines[i])]);
        var before = await cluster.ReadAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await cluster.DetachAsync(lost, cancellationToken);
        await cluster.WaitAsync(() => cluster.Tracker.CountNotRunning(affected) == 0, $"{affected.Count} units of lost machines running elsewhere", cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var after = await cluster.ReadAsync(cancellationToken);
        var etcd = after.Etcd.Since(before.Etcd);
        double n = Math.Max(1, affected.Count);
        result.MachineLoss = new LossResult(lost.Count, affected.Count, seconds, affected.Count / seconds,
            etcd.Requests / n, etcd.Events / n, (after.WakeUps - before.WakeUps) / n, after.Leader.CpuSeconds - before.Leader.CpuSeconds);
    }

    private static async Task<double> ChangeAsync(
        SimulatedCluster cluster, UnitName unit, TargetState target, Func<int, bool> done, CancellationToken cancellationToken)
    {
        var effect = cluster.Tracker.WhenAsync(unit, done);
        var issued = Stopwatch.GetTimestamp();
        if (!await cluster.Control.Units.TrySetTargetStateAsync(unit, target, cancellationToken))
        {
            throw new InvalidOperationException($"unit {unit} does not exist");
        }

        return Stopwatch.GetElapsedTime(issued, await effect).TotalMilliseconds;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
