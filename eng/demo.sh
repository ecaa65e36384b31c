#!/usr/bin/env bash
# Starts fleetd on the embedded store and runs the example units (filled in as fleetd lands).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Fleet.slnx -c Release -nologo -v q
echo "fleetd is not assembled yet; the build above is what exists."
