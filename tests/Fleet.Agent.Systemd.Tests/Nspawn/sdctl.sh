#!/bin/bash
# sdctl.sh - boot / stop REAL systemd instances (systemd-nspawn containers) on a host whose
# PID 1 is NOT systemd and whose cgroups are hybrid (v1 controllers + name=systemd + unified).
# Tested: Debian 12, systemd 252.39, kernel 6.18 (Firecracker VM), as root.
#
#   sdctl.sh start NAME [IP/PREFIX] [extra systemd-nspawn args...]
#        boots container NAME, waits for SystemState running|degraded, prints bus address
#        IP given  -> --network-bridge=$SD_BRIDGE and host0 gets IP (configured from the host)
#        IP "-"    -> --private-network (loopback only)
#   sdctl.sh stop NAME          poweroff (SIGRTMIN+4 to container PID 1), wait, clean up
#   sdctl.sh leader NAME        host PID of the container's systemd (PID 1 inside)
#   sdctl.sh bus NAME           D-Bus address of the container's system bus, usable from the host
#   sdctl.sh bridge-up|bridge-down
#
# Env:
#   SD_ROOT=/tmp/sd-root  (default) shared debootstrap rootfs, mounted with --volatile=overlay
#   SD_ROOT=/             use the HOST's own /usr read-only with an empty tmpfs / (--volatile=yes);
#                         no debootstrap needed at all
#   SD_BRIDGE=sdbr0 SD_BRIDGE_IP=10.77.0.1/24
#   SD_TIMEOUT=30         seconds to wait for boot
#   SD_BASE=/tmp/sdtest   per-container state (dbus socket dir, pid, log)
set -euo pipefail
ROOT=${SD_ROOT:-/tmp/sd-root}
BASE=${SD_BASE:-/tmp/sdtest}
BR=${SD_BRIDGE:-sdbr0}
BRIP=${SD_BRIDGE_IP:-10.77.0.1/24}
TMO=${SD_TIMEOUT:-30}
cmd=${1:?cmd}; name=${2:-}; shift 2 || shift $#
d=$BASE/$name

leader() { local n; n=$(cat $d/nspawn.pid 2>/dev/null) || return 0; pgrep -P "$n" | head -1 || true; }
state()  { timeout 2 busctl --address=unix:path=$d/dbus/system_bus_socket get-property \
             org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager \
             SystemState 2>/dev/null | tr -d '"' | awk '{print $2}' || true; }

case $cmd in
bridge-up)
  ip link show $BR >/dev/null 2>&1 || { ip link add $BR type bridge; ip addr add $BRIP dev $BR; }
  ip link set $BR up ;;
bridge-down) ip link del $BR 2>/dev/null || true ;;
start)
  ip=${1:-}; [ $# -gt 0 ] && shift
  mkdir -p $d/dbus
  net=()
  case "$ip" in "") ;; "-") net=(--private-network) ;; *) net=(--network-bridge=$BR) ;; esac
  if [ "$ROOT" = / ]; then
    vol=(--volatile=yes); initargs=(systemd.firstboot=off systemd.condition-first-boot=false)
  else
    vol=(--volatile=overlay); initargs=()
  fi
  uuid=$(tr -d - < /proc/sys/kernel/random/uuid); echo $uuid > $d/machine-id
  # Each nspawn must sit in its OWN cgroup: with --keep-unit nspawn creates "<own cgroup>/supervisor"
  # and "<own cgroup>/payload"; two instances started from the root cgroup collide on /payload.
  for h in unified systemd; do mkdir -p /sys/fs/cgroup/$h/sdtest/$name; done
  t0=$(date +%s.%N)
  setsid bash -c 'for h in unified systemd; do echo $$ > /sys/fs/cgroup/$h/sdtest/'$name'/cgroup.procs; done
                  exec "$@"' _ \
    systemd-nspawn -D "$ROOT" "${vol[@]}" -M $name --uuid=$uuid \
      --boot --register=no --keep-unit --console=passive \
      --bind=$d/dbus:/run/dbus "${net[@]}" "$@" "${initargs[@]}" \
    > $d/nspawn.log 2>&1 < /dev/null &
  echo $! > $d/nspawn.pid
  st=""; end=$(( $(date +%s) + TMO ))
  while [ $(date +%s) -lt $end ]; do
    kill -0 $(cat $d/nspawn.pid) 2>/dev/null || { echo "nspawn died:"; cat $d/nspawn.log; exit 1; }
    st=$(state); case "$st" in running|degraded) break;; esac; sleep 0.05
  done
  t1=$(date +%s.%N)
  L=$(leader)
  if [ -n "$ip" ] && [ "$ip" != "-" ]; then     # configure host0 from the host (container has no iproute2)
    nsenter -t $L -n ip addr add $ip dev host0; nsenter -t $L -n ip link set host0 up
    nsenter -t $L -n ip route add default via ${BRIP%/*} 2>/dev/null || true
  fi
  echo "$name pid1=$L state=${st:-TIMEOUT} boot=$(echo "$t1 - $t0" | bc)s bus=unix:path=$d/dbus/system_bus_socket"
  case "$st" in running|degraded) ;; *) exit 1;; esac ;;
leader) leader ;;
bus) echo "unix:path=$d/dbus/system_bus_socket" ;;
stop)
  N=$(cat $d/nspawn.pid 2>/dev/null || true); L=$(leader)
  if [ -n "$N" ] && kill -0 $N 2>/dev/null; then
    # SIGRTMIN+4 = systemd "poweroff" (does not need logind/dbus, unlike `systemctl poweroff`)
    [ -n "$L" ] && kill -s SIGRTMIN+4 $L || kill -TERM $N
    for i in $(seq 1 150); do kill -0 $N 2>/dev/null || break; sleep 0.1; done
    kill -0 $N 2>/dev/null && { echo "$name: forcing"; kill -KILL $N; sleep 0.5; }
  fi
  # The container's last processes may still be leaving its cgroups for a moment after nspawn exits.
  for i in $(seq 1 50); do
    for h in unified systemd; do
      [ -d /sys/fs/cgroup/$h/sdtest/$name ] && find /sys/fs/cgroup/$h/sdtest/$name -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    [ -d /sys/fs/cgroup/unified/sdtest/$name ] || [ -d /sys/fs/cgroup/systemd/sdtest/$name ] || break
    sleep 0.1
  done
  rm -rf /run/systemd/nspawn/propagate/$name     # nspawn refuses to rm -rf on a non-tmpfs /run
  echo "$name stopped" ;;
*) echo "usage: $0 start|stop|leader|bus|bridge-up|bridge-down NAME ..."; exit 2 ;;
esac
