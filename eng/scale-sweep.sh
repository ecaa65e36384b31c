#!/usr/bin/env bash
# Runs the scale harness (bench/Fleet.ScaleHarness) over a grid of cluster sizes and writes one JSON file per
# size, then renders the plot. See BENCHMARKS.md, "Scale harness".
#
#   eng/scale-sweep.sh [OUTDIR]            default OUTDIR: bench/Fleet.ScaleHarness/results
#   SIZES="100:1000 1000:10000" eng/scale-sweep.sh /tmp/sweep     (machines:units; default: the 3 x 3 grid)
#   EXTRA="--scenario bulk,idle" eng/scale-sweep.sh  (further harness flags for every run)
#   PLOT=/tmp/plot.svg eng/scale-sweep.sh          (where the plot goes; default docs/scale-harness.svg)
#   PRELOAD="1000:10000 10000:100000" eng/scale-sweep.sh  (sizes for the engine-only run, --preload; "" for none)
#
# Each run gets TIMEOUT seconds (default 1800). A size that fails (timeout, out of memory, etcd refusing) is
# recorded in OUTDIR/failures.txt with the last lines it printed; the sweep goes on with the next size.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/Fleet.ScaleHarness/results}
# machines:units, in the order run (the issue's goal sizes first, so that they are measured even if time runs out)
sizes=${SIZES:-"1000:10000 10000:100000 100:1000 1000:1000 10000:1000 100:10000 10000:10000 1000:100000 100:100000"}
limit=${TIMEOUT:-1800}
mkdir -p "$out"
dotnet build bench/Fleet.ScaleHarness -c Release -v q -nologo 2>&1 | grep -E " error |rror\(s\)" | sort -u
for size in $sizes; do
  m=${size%%:*}; u=${size##*:}; name="scale-$m-$u"
  echo "== $name: $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  if timeout --signal=INT --kill-after=60 "$limit" \
      bench/Fleet.ScaleHarness/bin/Release/net10.0/Fleet.ScaleHarness \
      --timeout $((limit - 120)) --machines "$m" --units "$u" --json "$out/$name.json" ${EXTRA:-} > "$out/$name.log" 2>&1; then
    grep -E '"(secondsToConverge|placementsPerSecond|etcdRequestsPerPlacement|failoverSeconds)"' "$out/$name.json" | tr -d ' \n'; echo
  else
    echo "$name: failed (exit $?)" | tee -a "$out/failures.txt"
    tail -5 "$out/$name.log" | tee -a "$out/failures.txt"
  fi
done
# The engine's own placement rate: every unit submitted before the engine starts, timed from its election.
for size in ${PRELOAD-1000:10000}; do
  m=${size%%:*}; u=${size##*:}; name="preload-$m-$u"
  echo "== $name: $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  timeout --signal=INT --kill-after=60 "$limit" bench/Fleet.ScaleHarness/bin/Release/net10.0/Fleet.ScaleHarness \
    --timeout $((limit - 120)) --machines "$m" --units "$u" --preload --scenario bulk --json "$out/$name.json" > "$out/$name.log" 2>&1 \
    || { echo "$name: failed (exit $?)" | tee -a "$out/failures.txt"; tail -5 "$out/$name.log" | tee -a "$out/failures.txt"; }
done
python3 eng/scale-table.py "$out" > "$out/tables.md"
python3 eng/scale-plot.py "$out" "${PLOT:-docs/scale-harness.svg}"
