#!/usr/bin/env bash
# Measures one real fleetd (embedded store, process supervisor, defaults otherwise) running many local units:
#   1. one unit start -> active on an empty agent (API PUT, then polling /fleet/v1/state every 20 ms);
#   2. UNITS units started with `fleetctl start --no-block` -> all reported active;
#   3. one more unit start -> active with UNITS units running;
#   4. fleetd's idle CPU over IDLE_SECONDS (utime+stime from /proc/<pid>/stat) and its RSS.
# Usage: eng/measure-agent.sh [UNITS] [IDLE_SECONDS]      (defaults 1000 and 60)
# Prints the machine, the numbers, and leaves fleetd's log in the work directory it names.
set -euo pipefail

units=${1:-1000}
idle_seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/fleet-agent-bench.XXXXXX)
fleetd_pid=""

echo "== machine"
echo "nproc: $(nproc)"
echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB total, " $7 " MiB available"}')"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "uptime (before): $(uptime)"
echo "work directory: $work"

dotnet build "$root/src/Fleet.Daemon" -c Release -nologo -v q >/dev/null
dotnet build "$root/src/Fleet.Cli" -c Release -nologo -v q >/dev/null
fleetd_dll="$root/src/Fleet.Daemon/bin/Release/net10.0/fleetd.dll"
fleetctl_dll="$root/src/Fleet.Cli/bin/Release/net10.0/fleetctl.dll"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
api="http://127.0.0.1:$port"

cleanup() {
  if [[ -n "$fleetd_pid" ]] && kill -0 "$fleetd_pid" 2>/dev/null; then
    # Remember the unit processes (children of fleetd) so nothing outlives the measurement.
    local children
    children=$(ps -o pid= --ppid "$fleetd_pid" || true)
    kill -TERM "$fleetd_pid"               # graceful: fleetd stops and unloads its units
    wait "$fleetd_pid" 2>/dev/null || true
    for child in $children; do kill -KILL "$child" 2>/dev/null || true; done
  fi
  rm -rf "$work/data" "$work/units"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }

# Counts unit states reported active (follows the API's pages).
count_active() {
  local token="" count=0 page
  while :; do
    page=$(curl -sf "$api/fleet/v1/state${token:+?nextPageToken=$token}") || { echo 0; return; }
    count=$((count + $(jq '[.states[]? | select(.systemdActiveState == "active")] | length' <<<"$page")))
    token=$(jq -r '.nextPageToken // empty' <<<"$page")
    [[ -z "$token" ]] && break
  done
  echo "$count"
}

# Starts one unit through the API and prints seconds until its state is active.
probe() {
  local name=$1 start
  start=$(now)
  curl -sf -X PUT -H 'Content-Type: application/json' "$api/fleet/v1/units/$name" \
    -d "{\"desiredState\":\"launched\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep infinity\"}]}" >/dev/null
  until curl -sf "$api/fleet/v1/state?unitName=$name" | jq -e '.states[]? | select(.systemdActiveState == "active")' >/dev/null; do
    sleep 0.02
  done
  elapsed "$start" "$(now)"
}

FLEET_MACHINE_ID=bench00000000000000000000000000001 \
FLEET_API_LISTEN="$api" \
FLEET_DATA_DIR="$work/data" \
FLEET_UNITS_DIRECTORY="$work/data/units" \
FLEET_UNIT_MANAGER=process \
FLEET_PUBLIC_IP=127.0.0.1 \
  dotnet "$fleetd_dll" >"$work/fleetd.log" 2>&1 &
fleetd_pid=$!
until curl -sf "$api/fleet/v1/machines" | jq -e '.machines | length == 1' >/dev/null 2>&1; do sleep 0.1; done
echo "fleetd pid $fleetd_pid, API $api"

echo "== one unit on an empty agent"
echo "start -> active: $(probe probe-empty.service) s"

mkdir -p "$work/units"
for i in $(seq -f '%04g' 1 "$units"); do
  printf '[Unit]\nDescription=bench unit %s\n\n[Service]\nExecStart=/bin/sleep infinity\n' "$i" >"$work/units/bench-$i.service"
done
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$fleetd_pid/stat"; }
echo "== $units units"
burst_cpu0=$(cpu)
start=$(now)
(cd "$work/units" && dotnet "$fleetctl_dll" --endpoint="$api" start --no-block bench-*.service >"$work/fleetctl-start.log" 2>&1)
submitted=$(now)
expected=$((units + 1))
while [[ $(count_active) -lt $expected ]]; do sleep 0.5; done
done_at=$(now)
burst_cpu1=$(cpu)
echo "fleetctl start --no-block of $units units returned after: $(elapsed "$start" "$submitted") s"
echo "start -> all $units active: $(elapsed "$start" "$done_at") s (the last $(elapsed "$submitted" "$done_at") s after fleetctl returned)"
python3 -c "print(f'fleetd CPU during the burst: {($burst_cpu1 - $burst_cpu0) / $ticks:.2f} CPU-seconds')"

echo "== one more unit with $units running"
echo "start -> active: $(probe probe-loaded.service) s"

sleep 10 # let the start-up burst settle before measuring idle
c0=$(cpu); t0=$(now)
sleep "$idle_seconds"
c1=$(cpu); t1=$(now)
echo "== idle, $((units + 2)) units running"
python3 -c "
d = ($c1 - $c0) / $ticks; w = $t1 - $t0
print(f'fleetd CPU over {w:.1f} s: {d:.2f} CPU-seconds = {100 * d / w:.2f}% of one core')"
grep -E '^(VmRSS|VmHWM|Threads)' "/proc/$fleetd_pid/status"
echo "unit processes (children of fleetd): $(ps -o pid= --ppid "$fleetd_pid" | wc -l)"
echo "uptime (after): $(uptime)"
