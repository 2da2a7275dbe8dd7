#!/usr/bin/env bash
# Start-to-exit time of a trivial container (`run` of /bin/true) for brownie, crun and runc, side by side.
# Prints milliseconds per run (mean of N, after a warm-up) and each runtime's ratio to brownie.
#   bench/run.sh [N]          (root; brownie from ./build, crun and runc from the system)
# crun refuses hybrid cgroup hosts: it runs in a private mount namespace with the unified mount hidden.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n="${1:-50}"
brownie="${BROWNIE:-$here/build/brownie}"
work=$(mktemp -d /tmp/brownie-bench.XXXXXX)
trap 'rm -rf "$work"; for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do rmdir "$h/brownie-bench"/* "$h/brownie-bench" 2>/dev/null || true; done' EXIT

"$here/tools/mkrootfs.sh" "$work/rootfs" >/dev/null
(cd "$work" && "$brownie" spec)
# Debian's crun 1.8 takes ociVersion up to 1.1: the bundle says 1.0.2-dev, as Docker writes it.
jq --arg root "$work/rootfs" '.ociVersion = "1.0.2-dev" | .process.terminal = false | .process.args = ["/bin/true"] | .root.path = $root
  | .linux.cgroupsPath = "/brownie-bench/c"' "$work/config.json" >"$work/config.json.new"
mv "$work/config.json.new" "$work/config.json"

hybrid=false
if [ -d /sys/fs/cgroup/unified ] && mountpoint -q /sys/fs/cgroup/unified; then hybrid=true; fi

# time_runtime NAME CMD...: mean ms of N runs of `CMD --root R run -b BUNDLE id`
time_runtime() {
  local name=$1
  shift
  local root="$work/state-$name" start end i
  mkdir -p "$root"
  "$@" --root "$root" run -b "$work" warmup >/dev/null 2>&1 || { echo "$name: failed to run" >&2; return 1; }
  start=$(date +%s%N)
  for i in $(seq "$n"); do
    "$@" --root "$root" run -b "$work" "b$i" >/dev/null 2>&1
  done
  end=$(date +%s%N)
  echo $(((end - start) / n / 1000)) # microseconds
}

declare -A us
us[brownie]=$(time_runtime brownie "$brownie")
us[runc]=$(time_runtime runc runc)
if command -v crun >/dev/null; then
  if $hybrid; then
    # The same loop, in a mount namespace where the unified hierarchy is gone.
    us[crun]=$(unshare -m --propagation private bash -c \
      'umount /sys/fs/cgroup/unified && "$0" "$1" "$2" "$3"' "$here/bench/time-one.sh" "$work" "$n" crun)
  else
    us[crun]=$(time_runtime crun crun)
  fi
fi

printf '%-8s %10s %8s\n' runtime "ms/run" "vs brownie"
for rt in brownie crun runc; do
  [ -n "${us[$rt]:-}" ] || continue
  printf '%-8s %10.2f %8.2fx\n' "$rt" "$(echo "${us[$rt]} / 1000" | bc -l)" "$(echo "${us[$rt]} / ${us[brownie]}" | bc -l)"
done
