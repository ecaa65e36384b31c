#!/usr/bin/env bash
# Starts fleetd on the embedded store (no etcd) and runs the example units with fleetctl.
# Everything lives under a temporary directory; fleetd is stopped (gracefully) at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "== building (Release)"
dotnet build Fleet.slnx -c Release -nologo -v q >/dev/null
fleetd=(dotnet "$root/src/Fleet.Daemon/bin/Release/net10.0/fleetd.dll")
fleetctl=(dotnet "$root/src/Fleet.Cli/bin/Release/net10.0/fleetctl.dll")

demo=$(mktemp -d /tmp/fleet-demo.XXXXXX)
export FLEET_DATA_DIR="$demo/data" FLEET_UNITS_DIRECTORY="$demo/units" FLEET_API_LISTEN="unix://$demo/fleet.sock"
export FLEET_MACHINE_ID=${FLEET_MACHINE_ID:-$(cat /etc/machine-id 2>/dev/null || echo demo0000machine)}
export FLEET_UNIT_MANAGER=${FLEET_UNIT_MANAGER:-process} FLEET_METADATA=${FLEET_METADATA:-role=demo}
export FLEETCTL_ENDPOINT="unix://$demo/fleet.sock"

echo "== starting fleetd (embedded store under $demo)"
"${fleetd[@]}" >"$demo/fleetd.log" 2>&1 &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; echo "== fleetd stopped; its log: $demo/fleetd.log"; }
trap cleanup EXIT
for _ in $(seq 1 100); do [ -S "$demo/fleet.sock" ] && break; kill -0 "$pid" 2>/dev/null || { cat "$demo/fleetd.log"; exit 1; }; sleep 0.1; done

run() { echo; echo "\$ fleetctl $*"; "${fleetctl[@]}" "$@"; }
run list-machines
run start examples/hello.service
run submit examples/hello@.service
run start hello@1.service hello@2.service
run start examples/global.service
run start examples/conflict.0.service
run list-unit-files
run list-units
run journal --lines 3 hello.service
run cat hello.service
run stop hello@1.service
run destroy hello@2.service
run list-units
