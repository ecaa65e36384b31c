#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need (etcd-server, systemd-container, dbus),
# builds the solution in Release (warnings are errors) and runs every test project.
# The last line is "N passed, N failed" (and ", N skipped"), summed over every test project.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need_apt=()
command -v etcd >/dev/null 2>&1 || need_apt+=(etcd-server)
command -v systemd-nspawn >/dev/null 2>&1 || need_apt+=(systemd-container)
command -v dbus-daemon >/dev/null 2>&1 || need_apt+=(dbus)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]} from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need_apt[@]}" >/dev/null \
    || echo "warning: could not install ${need_apt[*]}; tests that need them will fail or say why they skip"
  # Debian starts etcd as a service when it is installed; the tests run their own on free ports.
  (systemctl stop etcd 2>/dev/null; systemctl disable etcd 2>/dev/null; pkill -x etcd 2>/dev/null) || true
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== restore and build (Release)"
if ! dotnet build Fleet.slnx -c Release -nologo -v q 2>&1 | tail -n 40; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi
if [ "${PIPESTATUS[0]}" != "0" ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

results="$root/.test-results"
rm -rf "$results"; mkdir -p "$results"
filter=${FLEET_TEST_FILTER:-}
status=0
for proj in tests/*Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  args=(test "$proj" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results")
  [ -n "$filter" ] && args+=(--filter "$filter")
  timeout "${FLEET_TEST_PROJECT_TIMEOUT:-900}" dotnet "${args[@]}" 2>&1 | grep -vE '^\s*$' | tail -n 25
  rc=${PIPESTATUS[0]}
  [ "$rc" != "0" ] && status=1 && echo "   $name exited $rc"
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$line"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
# A project that crashed or timed out without a result file counts as one failure.
for proj in tests/*Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  [ -f "$results/$name.trx" ] || { echo "no results from $name"; failed=$((failed + 1)); }
done
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
