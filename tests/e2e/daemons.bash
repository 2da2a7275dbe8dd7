# shellcheck shell=bash
# The engines of the e2e suite: containerd (with its CRI plugin), dockerd on top of it and podman's
# configuration, all with private paths under $E2E_TMP and run inside a network namespace of the suite's
# own; e2e_teardown stops what e2e_setup started, by pid, and removes what it left.
#
# What the checks use is written to $E2E_TMP/env (sourced by lib.bash): the sockets, the configs, the
# namespace and the image names.

E2E_RUN="${E2E_TMP##*.}"
E2E_NETNS="brownie-e2e-$E2E_RUN"
# Every cgroup of the run's containers is below a top-level directory named "$E2E_CG*": dockerd's
# cgroup-parent, podman's (pm adds it), ctr's namespace (its cgroups are /<namespace>/<id>), the CRI
# pods' parent. Two runs at once never touch each other's.
E2E_CG="brownie-e2e-$E2E_RUN"
E2E_IMAGE=brownie-e2e/busybox:1 # sh as its command; /bin/busybox and its applets, /etc/passwd with user 1000
E2E_PAUSE=brownie-e2e/pause:1   # the CRI sandbox image: waits for SIGTERM
E2E_WAIT="${E2E_WAIT:-60}"      # seconds a daemon may take to come up

e2e_log() { echo "# e2e: $*" >&2; }


# The run's top-level cgroup directories, in every hierarchy.
run_cgroups() {
  local h
  for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/unified/; do
    [ -f "$h/cgroup.procs" ] || continue
    find "$h" -mindepth 1 -maxdepth 1 -type d -name "$E2E_CG*"
  done
}

write_configs() {
  local t=$E2E_TMP
  mkdir -p "$t/cni" "$t/podman-cni" "$t/podman-tmp" "$t/cdi"
  cat >"$t/containerd.toml" <<TOML
version = 2
root = "$t/containerd/root"
state = "$t/containerd/state"
[grpc]
  address = "$t/containerd.sock"
[ttrpc]
  address = "$t/containerd.sock.ttrpc"
[debug]
  level = "info"
[plugins."io.containerd.internal.v1.opt"]
  path = "$t/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/$E2E_PAUSE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_cdi = false
  # The sandbox's oomScoreAdj is -998 and a container's follows its QoS; lowering one needs
  # CAP_SYS_RESOURCE, which the suite may run without: keep them at containerd's own or above.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    snapshotter = "overlayfs"
    # CDI requests reach the runtime as annotations (CDI itself is off: brownie resolves them).
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      container_annotations = ["cdi.k8s.io/*"]
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.brownie]
      runtime_type = "io.containerd.runc.v2"
      container_annotations = ["cdi.k8s.io/*"]
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.brownie.options]
        BinaryName = "$E2E_BROWNIE"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$t/cni"
TOML
  cat >"$t/cni/10-e2e.conflist" <<JSON
{"cniVersion": "0.4.0", "name": "e2e-cri", "plugins": [
  {"type": "bridge", "bridge": "e2e-cri0", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.231.0.0/24"}]],
            "dataDir": "$t/cni-ipam"}},
  {"type": "loopback"}]}
JSON
  cat >"$t/daemon.json" <<JSON
{
  "runtimes": {"brownie": {"path": "$E2E_BROWNIE"}},
  "default-runtime": "brownie",
  "data-root": "$t/docker",
  "exec-root": "$t/docker-exec",
  "pidfile": "$t/dockerd.pid",
  "hosts": ["unix://$t/docker.sock"],
  "containerd": "$t/containerd.sock",
  "iptables": false,
  "ip6tables": false,
  "ip-masq": false,
  "bip": "10.232.0.1/24",
  "storage-driver": "overlay2",
  "cgroup-parent": "/$E2E_CG-docker",
  "log-driver": "json-file",
  "features": {"buildkit": false}
}
JSON
  # podman raises nofile and nproc to 2^20 and 2^22 unless containers.conf names them, and this host lacks
  # CAP_SYS_RESOURCE: both below podman's own hard limits (nproc 32768 in podman's processes here).
  cat >"$t/containers.conf" <<TOML
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=32768:32768"]
log_driver = "k8s-file"
netns = "private"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$t/podman-events.log"
tmp_dir = "$t/podman-tmp"
runtime = "brownie"
[engine.runtimes]
brownie = ["$E2E_BROWNIE"]
runc = ["/usr/bin/runc"]
[network]
network_backend = "cni"
network_config_dir = "$t/podman-cni"
cni_plugin_dirs = ["/usr/lib/cni"]
TOML
  cat >"$t/storage.conf" <<TOML
[storage]
driver = "overlay"
graphroot = "$t/podman-root"
runroot = "$t/podman-run"
TOML
}

# The busybox image: the rootfs of tools/mkrootfs.sh as a tarball, imported into each engine.
build_image() {
  local t=$E2E_TMP rootfs=$E2E_TMP/image-rootfs
  "$repo/tools/mkrootfs.sh" "$rootfs" || return 1
  tar -C "$rootfs" -cf "$t/busybox.tar" . || return 1
  dk import --change 'CMD ["sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    "$t/busybox.tar" "$E2E_IMAGE" >/dev/null || return 1
  dk import --change 'CMD ["sh", "-c", "trap \"exit 0\" TERM; while :; do sleep 3600 & wait; done"]' \
    --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' "$t/busybox.tar" "$E2E_PAUSE" >/dev/null || return 1
  # docker save writes a docker archive, which ctr imports as it is; podman imports the tarball itself.
  dk save "$E2E_IMAGE" "$E2E_PAUSE" -o "$t/images.tar" || return 1
  cr image import "$t/images.tar" >/dev/null || return 1
  cr -n k8s.io image import "$t/images.tar" >/dev/null || return 1
  pm import --change 'CMD ["sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    "$t/busybox.tar" "$E2E_IMAGE" >"$t/podman-import.log" 2>&1 || { cat "$t/podman-import.log" >&2; return 1; }
}

e2e_setup() {
  local t=$E2E_TMP
  write_configs
  cat >"$t/env" <<ENV
E2E_NETNS=$E2E_NETNS
E2E_CG=$E2E_CG
E2E_IMAGE=$E2E_IMAGE
E2E_PAUSE=$E2E_PAUSE
ENV
  # shellcheck source=lib.bash
  source "$here/lib.bash"
  ip netns add "$E2E_NETNS" || return 1
  ip -n "$E2E_NETNS" link set lo up || return 1

  e2e_log "starting containerd"
  # The shims, and brownie under them, inherit the CDI spec directory of the suite's own (cri.bats).
  BROWNIE_CDI_SPEC_DIRS="$t/cdi" in_netns containerd --config "$t/containerd.toml" >"$t/containerd.log" 2>&1 &
  echo $! >"$t/containerd.pid"
  retry "$E2E_WAIT" cr version || { tail -n 20 "$t/containerd.log" >&2; return 1; }

  e2e_log "starting dockerd"
  in_netns dockerd --config-file "$t/daemon.json" >"$t/dockerd.log" 2>&1 &
  echo $! >"$t/dockerd.pid.bg"
  retry "$E2E_WAIT" dk version || { tail -n 20 "$t/dockerd.log" >&2; return 1; }

  e2e_log "importing the busybox image"
  build_image || return 1
}

# stop_pid FILE: TERM, then KILL after 20 s, to the pid in FILE.
stop_pid() {
  local pid n=100
  pid=$(cat "$1" 2>/dev/null) || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  while ((n-- > 0)) && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

e2e_teardown() {
  local t=$E2E_TMP pid ns c d m
  [ -n "$t" ] && [ -d "$t" ] || return 0
  e2e_log "stopping the engines"
  if [ -f "$t/dockerd.pid.bg" ]; then
    dk rm -f $(dk ps -aq 2>/dev/null) >/dev/null 2>&1
  fi
  pm rm -af -t 0 >/dev/null 2>&1
  pm pod rm -af >/dev/null 2>&1
  if [ -f "$t/containerd.pid" ]; then
    for ns in $(cr namespaces ls -q 2>/dev/null); do
      for c in $(cr -n "$ns" tasks ls -q 2>/dev/null); do
        cr -n "$ns" tasks kill -s SIGKILL "$c" >/dev/null 2>&1
        cr -n "$ns" tasks rm -f "$c" >/dev/null 2>&1
      done
      for c in $(cr -n "$ns" containers ls -q 2>/dev/null); do
        cr -n "$ns" containers rm "$c" >/dev/null 2>&1
      done
    done
  fi
  stop_pid "$t/dockerd.pid.bg"
  stop_pid "$t/containerd.pid"
  # Shims and conmons detach from the daemons that started them: end those of this run, by pid.
  for pid in $(grep -lsF "$t" /proc/[0-9]*/cmdline | cut -d/ -f3); do
    [ "$pid" != $$ ] && kill -KILL "$pid" 2>/dev/null
  done
  # Processes left in the cgroups this run made, then the cgroups, deepest first.
  run_cgroups >"$t/cgroups.new"
  while read -r d; do
    for c in $(find "$d" -name cgroup.procs); do
      for pid in $(cat "$c"); do kill -KILL "$pid" 2>/dev/null; done
    done
  done <"$t/cgroups.new"
  sleep 0.2
  while read -r d; do
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
    [ ! -d "$d" ] || e2e_log "cgroup left behind: $d"
  done <"$t/cgroups.new"
  for m in $(awk -v t="$t" 'index($5, t) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
    umount -l "$m" 2>/dev/null
  done
  ip netns del "$E2E_NETNS" 2>/dev/null
  rm -rf --one-file-system "$t"
}
