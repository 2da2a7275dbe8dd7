# shellcheck shell=bash
# What every e2e check uses: the engines' clients pointed at the suite's private daemons, and the runtime
# of this pass ($E2E_RUNTIME: brownie or runc, set by tests/e2e/run).
#
#   dk ARGS...    docker, on the suite's dockerd
#   pm ARGS...    podman, with the suite's storage and containers.conf, in the suite's network namespace;
#                 run and create get --cgroup-parent /$E2E_CG-podman unless the check gives one
#   cr ARGS...    ctr, on the suite's containerd, namespace "$E2E_CG" unless -n is given (ctr puts a
#                 container's cgroup at /<namespace>/<id>)
#   RT            the runtime's name for docker (--runtime "$RT") and the CRI runtime handler
#   RT_BIN        the runtime's binary (podman --runtime, ctr --runc-binary)
#   retry S CMD   CMD until it succeeds, for at most S seconds

: "${E2E_TMP:?tests/e2e/run sets E2E_TMP}"
# shellcheck source=/dev/null
[ -f "$E2E_TMP/env" ] && source "$E2E_TMP/env"
E2E_RUNTIME="${E2E_RUNTIME:-brownie}"
RT="$E2E_RUNTIME"
case "$RT" in
  brownie) RT_BIN="$E2E_BROWNIE" ;;
  runc) RT_BIN="$(command -v runc)" ;;
  *) echo "e2e: unknown runtime $RT" >&2 && return 1 ;;
esac
# The docker client of docker.io; another docker earlier on PATH may be a newer CLI.
DOCKER_CLI=/usr/bin/docker

# retry SECONDS CMD...: CMD (a function too) every 0.1 s until it succeeds, at most SECONDS.
retry() {
  local n=$(($1 * 10))
  shift
  while ((n-- > 0)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

in_netns() { nsenter --net="/run/netns/$E2E_NETNS" -- "$@"; }
dk() { "$DOCKER_CLI" -H "unix://$E2E_TMP/docker.sock" "$@"; }
pm() {
  local extra=()
  case "${1:-}" in
    run | create) [[ " $* " == *" --cgroup-parent"* ]] || extra=("$1" --cgroup-parent "/$E2E_CG-podman") ;;
  esac
  ((${#extra[@]})) && shift
  CONTAINERS_CONF="$E2E_TMP/containers.conf" CONTAINERS_STORAGE_CONF="$E2E_TMP/storage.conf" \
    in_netns podman --runtime "${RT_BIN:-brownie}" "${extra[@]}" "$@"
}
cr() {
  case "${1:-}" in
    -n) ctr --address "$E2E_TMP/containerd.sock" "$@" ;;
    *) ctr --address "$E2E_TMP/containerd.sock" -n "$E2E_CG" "$@" ;;
  esac
}
