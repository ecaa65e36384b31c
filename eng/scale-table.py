#!/usr/bin/env python3
"""Prints the scale harness results (scale-<machines>-<units>.json, as eng/scale-sweep.sh writes them) as the
Markdown tables of BENCHMARKS.md, "Scale harness". Numbers are copied, never typed.

usage: eng/scale-table.py RESULTS_DIR
Standard library only."""
import glob
import json
import os
import sys


def f(value, digits=2):
    if value is None:
        return "—"
    if abs(value) >= 100 and float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.{digits}f}"


def load1(r):
    return r.get("loadAverageAtStart", "?").split(" ")[0]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    runs = []
    for path in glob.glob(os.path.join(sys.argv[1], "scale-*.json")):
        with open(path, encoding="utf-8") as fh:
            runs.append(json.load(fh))
    runs.sort(key=lambda r: (r["machines"], r["units"]))
    if not runs:
        sys.exit(f"scale-table: no scale-*.json files in {sys.argv[1]}")

    print("Bulk start (first submit to every unit running):\n")
    print("| machines | units | load | s to converge | placements/s | s until all scheduled | agents woken / placement "
          "| watch events / placement | etcd requests / placement (client) | etcd writes / placement "
          "| engine CPU s (JIT s) | engine RSS MB (heap) | etcd CPU s | etcd RSS MB | harness CPU s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        print(f"| {r['machines']:,} | {r['units']:,} | {load1(r)} | {f(r['secondsToConverge'], 1)} | {f(r['placementsPerSecond'], 0)} "
              f"| {f(r.get('secondsToScheduled'), 1)} | {f(r['agentsWokenPerPlacement'], 3)} | {f(r['watchEventsPerPlacement'], 3)} "
              f"| {f(r['etcdRequestsPerPlacement'], 3)} ({f(r.get('clientRequestsPerPlacement'), 3)}) | {f(r.get('etcdWritesPerPlacement'), 2)} "
              f"| {f(r['engineCpuSeconds'], 2)} ({f(r.get('engineJitSeconds'), 2)}) | {f(r['engineRssMb'], 0)} ({f(r.get('engineHeapMb'), 0)}) "
              f"| {f(r.get('etcdCpuSeconds'), 1)} | {f(r.get('etcdRssMb'), 0)} | {f(r.get('harnessCpuSeconds'), 1)} |")

    print("\nIdle (everything running, nothing changing), per minute:\n")
    print("| machines | units | etcd writes | watch events | etcd requests | lease keep-alives | agent wake-ups | engine CPU s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        print(f"| {r['machines']:,} | {r['units']:,} | {f(r['idleEtcdWritesPerMinute'], 1)} | {f(r['idleWatchEventsPerMinute'], 1)} "
              f"| {f(r.get('idleEtcdRequestsPerMinute'), 1)} | {f(r.get('idleKeepAlivesPerMinute'), 0)} "
              f"| {f(r.get('idleAgentWakeUpsPerMinute'), 1)} | {f(r.get('idleEngineCpuSecondsPerMinute'), 2)} |")

    print("\nChurn (units stopped and started again at a steady rate), global unit, failover, 10% machine loss:\n")
    print("| machines | units | churn changes/s | change → effect p50 / p99 ms | etcd requests / change | watch events / change "
          "| agents woken / change | engine CPU ms / change | global unit on all: s | failover s (standby elected s) "
          "| machines lost → units moved | s until all run elsewhere |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        c, g, fo, l = r.get("churn") or {}, r.get("global") or {}, r.get("failover") or {}, r.get("machineLoss") or {}
        print(f"| {r['machines']:,} | {r['units']:,} | {f(c.get('changesPerSecond'), 0)} "
              f"| {f(c.get('latencyP50Ms'), 0)} / {f(c.get('latencyP99Ms'), 0)} | {f(c.get('etcdRequestsPerChange'), 2)} "
              f"| {f(c.get('watchEventsPerChange'), 2)} | {f(c.get('agentsWokenPerChange'), 2)} | {f(c.get('engineCpuMsPerChange'), 2)} "
              f"| {f(g.get('secondsToAllRunning'), 1)} | {f(r.get('failoverSeconds'), 1)} ({f(fo.get('secondsToElected'), 1)}) "
              f"| {f(l.get('machinesLost'), 0)} → {f(l.get('unitsAffected'), 0)} | {f(l.get('secondsToReschedule'), 1)} |")

    preload = []
    for path in glob.glob(os.path.join(sys.argv[1], "preload-*.json")):
        with open(path, encoding="utf-8") as fh:
            preload.append(json.load(fh))
    if preload:
        print("\nEngine-only placement (--preload: every unit submitted first, timed from the engine's election):\n")
        print("| machines | units | load | s until all scheduled | scheduled/s | s until all running | running/s "
              "| engine CPU s (JIT s) | etcd CPU s | harness CPU s |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in sorted(preload, key=lambda r: (r["machines"], r["units"])):
            print(f"| {r['machines']:,} | {r['units']:,} | {load1(r)} | {f(r.get('secondsToScheduled'), 1)} "
                  f"| {f(r['units'] / r['secondsToScheduled'], 0)} | {f(r['secondsToConverge'], 1)} | {f(r['placementsPerSecond'], 0)} "
                  f"| {f(r['engineCpuSeconds'], 2)} ({f(r.get('engineJitSeconds'), 2)}) | {f(r.get('etcdCpuSeconds'), 1)} "
                  f"| {f(r.get('harnessCpuSeconds'), 1)} |")


if __name__ == "__main__":
    main()
