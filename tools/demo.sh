#!/usr/bin/env bash
# Runs one container from the embedded default bundle: a busybox-static rootfs made on the fly plus the
# config that `brownie spec` writes, told to show what it sees from inside.
set -euo pipefail
brownie="$1"
bundle=$(mktemp -d /tmp/brownie-demo.XXXXXX)
id="brownie-demo-$$"
root="$bundle/state"
cleanup() {
  "$brownie" --root "$root" delete -f "$id" >/dev/null 2>&1 || true
  rm -rf "$bundle"
  for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do rmdir "$h/brownie-demo" 2>/dev/null || true; done
}
trap cleanup EXIT

"$(dirname "$0")/mkrootfs.sh" "$bundle/rootfs"
(cd "$bundle" && "$brownie" spec)
jq --arg cg "/brownie-demo/$id" '
  .process.terminal = false
  | .process.args = ["sh", "-c", "echo \"hello from $(hostname), I am pid $$\"; id; echo; echo \"my mounts:\"; cut -d\" \" -f2,3 /proc/mounts"]
  | .hostname = "brownie"
  | .linux.cgroupsPath = $cg' "$bundle/config.json" >"$bundle/config.json.new"
mv "$bundle/config.json.new" "$bundle/config.json"
"$brownie" --root "$root" run --bundle "$bundle" "$id"
