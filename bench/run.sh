#!/usr/bin/env bash
# shellcheck disable=SC2317 # the cleanup functions run from traps
# The side-by-side benchmark of brownie, crun and runc (and a kernel-floor program) on one busybox bundle.
#
#   bench/run.sh [-n N] [--quick] [--raw FILE]      (as root; brownie from ./build or $BROWNIE)
#
#   -n N        samples per metric (default 100); the throughput and syscall parts have their own counts
#   --quick     a smoke test: N=5, one throughput round of 10 containers, one strace run
#   --raw FILE  also keep the raw samples ("metric runtime sample value" lines) in FILE
#
# What is measured and how to read the table: bench/README.md. Speed is measured here, never asserted in a test.
#
# Every runtime gets its own --root and its own cgroups under one parent (/brownie-bench-<pid> on each
# hierarchy); samples are interleaved, one of each runtime in turn, and the order rotates every round so that
# drift hits all alike. Everything runs in one private mount namespace; on a hybrid cgroup host the unified
# hierarchy is unmounted there (crun refuses hybrid hosts), and only there. On exit, failure or Ctrl-C the
# containers are deleted, what is left in the bench cgroups is killed by pid, the cgroups and the temporary
# directory are removed.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
self="$here/bench/run.sh"

n=100 tput_rounds=3 tput_count=100 strace_runs=3 raw_out=""
runtimes=(brownie crun runc)

# --- shared by the outer shell (host namespace) and the inner one (private mount namespace) ---

# The cgroup hierarchies mounted in this mount namespace, one mount point a line.
hierarchies() {
  awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5; break } }' \
    /proc/self/mountinfo
}

# Kills, by pid, every process left in the bench's cgroups (only containers and runtimes this script started
# are ever there), then removes the cgroups depth-first.
remove_bench_cgroups() {
  local h d f pid
  for h in $(hierarchies); do
    [ -d "$h$BENCH_CG" ] || continue
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      local left=0
      while IFS= read -r f; do
        while read -r pid; do
          kill -KILL "$pid" 2>/dev/null || true
          left=1
        done <"$f"
      done < <(find "$h$BENCH_CG" -name cgroup.procs 2>/dev/null)
      [ "$left" = 0 ] && break
      sleep 0.1
    done
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      while IFS= read -r d; do rmdir "$d" 2>/dev/null || true; done < <(find "$h$BENCH_CG" -depth -type d 2>/dev/null)
      [ -d "$h$BENCH_CG" ] || break
      sleep 0.1
    done
    [ -d "$h$BENCH_CG" ] && echo "bench: could not remove $h$BENCH_CG" >&2
  done
  return 0
}

# ---------------------------------- inner: the benchmark itself ----------------------------------

inner() {
  work=$BENCH_WORK
  raw="$work/raw" log="$work/log" state="$work/state" bundles="$work/bundles"
  trap inner_cleanup EXIT
  trap 'echo "bench: interrupted" >&2; exit 130' INT
  trap 'exit 143' TERM

  # This namespace is private (unshare --propagation private): the unmount is seen here only.
  if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null && [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ]; then
    umount /sys/fs/cgroup/unified
    hybrid_note="hybrid host: all runtimes ran with the unified hierarchy unmounted in a private mount namespace"
  else
    hybrid_note="all runtimes ran in one private mount namespace"
  fi

  mapfile -t hier < <(hierarchies)
  [ "${#hier[@]}" -gt 0 ] || die "no cgroup hierarchy mounted"
  local h floor_cg=()
  for h in "${hier[@]}"; do
    mkcg "$h" "$h$BENCH_CG"
    mkcg "$h" "$h$BENCH_CG/floor"
    floor_cg+=(-c "$h$BENCH_CG/floor/cgroup.procs")
  done

  progress "building the helpers"
  mkdir -p "$work/bin"
  cc -O2 -Wall -static -o "$work/bin/timeit" "$here/bench/timeit.c" 2>>"$log" ||
    cc -O2 -Wall -o "$work/bin/timeit" "$here/bench/timeit.c" || die "cannot build bench/timeit.c"
  cc -O2 -Wall -o "$work/bin/floor" "$here/bench/floor.c" || die "cannot build bench/floor.c"
  timeit="$work/bin/timeit"

  progress "making the rootfs and the bundles"
  "$here/tools/mkrootfs.sh" "$work/rootfs" >/dev/null
  mkdir -p "$work/spec" && (cd "$work/spec" && runc spec)
  local ns rt
  ns=$(jq -r '[.linux.namespaces[].type] | join(",")' "$work/spec/config.json")
  for rt in "${runtimes[@]}"; do
    mkdir -p "$state/$rt"
    bundle "$bundles/$rt/run" "$BENCH_CG/$rt" '["/bin/true"]'
    bundle "$bundles/$rt/exec" "$BENCH_CG/$rt-x" '["/bin/sleep","1000000"]'
    bundle "$bundles/$rt/w1" "$BENCH_CG/$rt-w1" '["/bin/true"]'
    bundle "$bundles/$rt/w2" "$BENCH_CG/$rt-w2" '["/bin/true"]'
  done
  floorcmd=("$work/bin/floor" -n "$ns" "${floor_cg[@]}" "$work/rootfs" /bin/true)

  declare -gA bin=([brownie]="$BROWNIE_BIN" [crun]=crun [runc]=runc)
  local load0
  load0=$(cut -d' ' -f1-3 /proc/loadavg)

  progress "warm-up, and a running container per runtime for exec"
  for rt in "${runtimes[@]}" floor; do
    runcmd "$rt" warm
    "${cmd[@]}" </dev/null >/dev/null 2>>"$log" || die "$rt: the warm-up run failed"
  done
  for rt in "${runtimes[@]}"; do
    rtc "$rt" run -d -b "$bundles/$rt/exec" x </dev/null >/dev/null 2>>"$log" || die "$rt: run -d of the exec container failed"
    rtc "$rt" exec x /bin/true </dev/null >/dev/null 2>>"$log" || die "$rt: the warm-up exec failed"
  done

  local i all=("${runtimes[@]}" floor)
  for ((i = 1; i <= n; i++)); do
    ((i == 1 || i % 10 == 0)) && progress "round $i of $n"
    for rt in $(rotate "$i" "${all[@]}"); do
      runcmd "$rt" "r$i"
      sample run "$rt" "$i" -- "${cmd[@]}"
    done
    for rt in $(rotate "$i" "${all[@]}"); do
      runcmd "$rt" "i$i"
      sample idle "$rt" "$i" -s 50 -- "${cmd[@]}"
    done
    for rt in $(rotate "$i" "${runtimes[@]}"); do
      lifecycle "$rt" "$i"
    done
    for rt in $(rotate "$i" "${runtimes[@]}"); do
      sample exec "$rt" "$i" -- "${bin[$rt]}" --root "$state/$rt" exec x /bin/true
    done
  done

  local k
  for ((k = 1; k <= tput_rounds; k++)); do
    progress "throughput, round $k of $tput_rounds ($tput_count containers, 2 workers)"
    for rt in $(rotate "$k" "${all[@]}"); do
      if [ "$rt" = floor ]; then
        cmd=("${floorcmd[@]}")
      else
        cmd=("${bin[$rt]}" --root "$state/$rt" run -b "$bundles/$rt/w@W@" "t$k-@I@")
      fi
      "$timeit" -j 2 -c "$tput_count" -o "$raw" -t run -k "$rt $k" -- "${cmd[@]}" </dev/null 2>>"$log" ||
        die "$rt: throughput round $k failed"
    done
  done

  for ((k = 1; k <= strace_runs; k++)); do
    progress "syscalls (strace -f -c), run $k of $strace_runs"
    for rt in $(rotate "$k" "${all[@]}"); do
      runcmd "$rt" "s$k"
      strace -f -c -U calls,errors,name -S calls -o "$work/strace-$rt-$k" "${cmd[@]}" </dev/null >/dev/null 2>>"$log" ||
        die "$rt: the run under strace failed"
      awk -v key="$rt $k" '$NF == "total" { print "sys.calls", key, $1; print "sys.errors", key, NF == 3 ? $2 : 0 }' \
        "$work/strace-$rt-$k" >>"$raw"
    done
  done

  local load1
  load1=$(cut -d' ' -f1-3 /proc/loadavg)
  [ -n "$raw_out" ] && cp "$raw" "$raw_out"

  {
    echo "brownie bench: $BENCH_CMDLINE"
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), kernel $(uname -r), $(nproc) CPUs, load average $load0 before, $load1 after"
    echo "brownie $("$BROWNIE_BIN" --version | sed -n 's/^commit: //p'), $(crun --version | head -1), $(runc --version | head -1)"
    echo "$n samples per metric, interleaved in rotating order; throughput: $tput_rounds x $tput_count containers;" \
      "syscalls: $strace_runs runs; $hybrid_note"
    echo
    report "$raw"
    echo
    echo "Top syscalls of one run of /bin/true (strace -f -c: calls, errors in brackets):"
    for rt in "${all[@]}"; do
      printf '  %-8s %s\n' "$rt" "$(top_syscalls "$work/strace-$rt-1" 12)"
    done
  }
}

# mkcg HIERARCHY DIR: makes a bench cgroup; cpuset gets its parent's cpus and mems (it takes no task without them).
mkcg() {
  mkdir -p "$2"
  local f
  for f in cpuset.cpus cpuset.mems; do
    if [ -e "$2/$f" ] && [ -z "$(cat "$2/$f")" ] && [ -e "$(dirname "$2")/$f" ]; then
      cat "$(dirname "$2")/$f" >"$2/$f"
    fi
  done
}

# bundle DIR CGROUPS_PATH ARGS_JSON: the config of `runc spec` with the bench's changes; the rootfs is shared.
bundle() {
  mkdir -p "$1"
  jq --arg root "$work/rootfs" --arg cg "$2" --argjson args "$3" \
    '.ociVersion = "1.0.2-dev" | .process.terminal = false | .process.args = $args | .root.path = $root
     | .linux.cgroupsPath = $cg' "$work/spec/config.json" >"$1/config.json"
}

# rtc RUNTIME ARGS...: the runtime with its private root.
rtc() {
  local rt=$1
  shift
  "${bin[$rt]}" --root "$state/$rt" "$@"
}

# runcmd RUNTIME ID: sets cmd to one `run` of /bin/true (for floor: the floor program).
runcmd() {
  if [ "$1" = floor ]; then
    cmd=("${floorcmd[@]}")
  else
    cmd=("${bin[$1]}" --root "$state/$1" run -b "$bundles/$1/run" "$2")
  fi
}

# rotate I WORD...: the words, starting at the (I mod count)th.
rotate() {
  local i=$1
  shift
  local w=("$@") c=$# j
  for ((j = 0; j < c; j++)); do echo "${w[(i + j) % c]}"; done
}

# sample TAG RUNTIME I [timeit options] -- CMD...: one measured command, appended to the raw file.
sample() {
  local tag=$1 rt=$2 i=$3
  shift 3
  "$timeit" -o "$raw" -t "$tag" -k "$rt $i" "$@" </dev/null 2>>"$log" || die "$rt: $tag failed (sample $i)"
}

# lifecycle RUNTIME I: create (and the RSS of the waiting init), start, wait for the program to end, delete.
lifecycle() {
  local rt=$1 i=$2 id="l$2" pid="" k v rest
  rm -f "$work/pid"
  sample create "$rt" "$i" -- "${bin[$rt]}" --root "$state/$rt" create -b "$bundles/$rt/run" --pid-file "$work/pid" "$id"
  read -r pid <"$work/pid" || true
  [ -n "$pid" ] || die "$rt: create wrote no pid file"
  while read -r k v rest; do
    if [ "$k" = VmRSS: ]; then
      echo "init.rss $rt $i $v" >>"$raw"
      break
    fi
  done <"/proc/$pid/status"
  sample start "$rt" "$i" -- "${bin[$rt]}" --root "$state/$rt" start "$id"
  wait_stopped "$pid"
  sample delete "$rt" "$i" -- "${bin[$rt]}" --root "$state/$rt" delete "$id"
}

# wait_stopped PID: until the process is gone or a zombie (PID 1 may reap an orphan late).
wait_stopped() {
  local st spins=0
  while [ -e "/proc/$1" ]; do
    read -r st <"/proc/$1/stat" 2>/dev/null || break
    st=${st##*) }
    [ "${st%% *}" = Z ] && break
    if ((++spins > 200)); then sleep 0.001; fi
    ((spins < 20000)) || die "pid $1 did not stop"
  done
}

# top_syscalls FILE COUNT: "name calls(errors), ..." of strace -c's summary.
top_syscalls() {
  awk -v max="$2" '$NF == "total" || /^-/ || $1 == "calls" { next }
    { if (n++ >= max) next; s = s (s ? ", " : "") $NF " " $1 (NF == 3 ? "(" $2 ")" : "") }
    END { print s }' "$1"
}

# report RAW: the table. Per metric and runtime: median, min-max, p90 over the samples, and the median of the
# per-sample ratios to crun's (and to the floor's) sample of the same round.
report() {
  awk '
    function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
    function median(a, n) { sort(a, n); return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    function ratio(m, rt, ref,   s, n, r) {
      n = 0
      for (s = 1; s <= maxs[m]; s++) if ((m, rt, s) in v && (m, ref, s) in v && v[m, ref, s] > 0) r[++n] = v[m, rt, s] / v[m, ref, s]
      return n ? sprintf("%.2f", median(r, n)) : "-"
    }
    function fmt(x) { return sprintf(x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : "%.2f", x) }
    {
      v[$1, $2, $3] = $4; if ($3 > maxs[$1]) maxs[$1] = $3
    }
    END {
      split("run.wall run.cpu idle.wall idle.cpu create.wall start.wall delete.wall exec.wall exec.cpu run.rss create.rss exec.rss init.rss run.tput sys.calls sys.errors", ms, " ")
      name["run.wall"] = "run, wall (ms)"; name["run.cpu"] = "run, CPU user+sys (ms)"
      name["idle.wall"] = "run after 50 ms idle, wall (ms)"; name["idle.cpu"] = "run after 50 ms idle, CPU (ms)"
      name["create.wall"] = "create, wall (ms)"; name["start.wall"] = "start, wall (ms)"; name["delete.wall"] = "delete, wall (ms)"
      name["exec.wall"] = "exec /bin/true, wall (ms)"; name["exec.cpu"] = "exec /bin/true, CPU (ms)"
      name["run.rss"] = "run, peak RSS (MiB)"; name["create.rss"] = "create, peak RSS (MiB)"; name["exec.rss"] = "exec, peak RSS (MiB)"
      name["init.rss"] = "waiting init after create, RSS (MiB)"
      name["run.tput"] = "throughput, 2 workers (containers/s)"; name["sys.calls"] = "syscalls per run (strace -f -c)"
      name["sys.errors"] = "  of which failed"
      split("brownie crun runc floor", rts, " ")
      printf "%-38s %-8s %9s %19s %9s %7s %7s\n", "metric", "runtime", "median", "min-max", "p90", "x crun", "x floor"
      for (mi = 1; mi in ms; mi++) {
        m = ms[mi]; scale = (m ~ /\.(wall|cpu)$/) ? 1000 : (m ~ /\.rss$/) ? 1024 : 1
        first = 1
        for (ri = 1; ri in rts; ri++) {
          rt = rts[ri]; n = 0; delete a
          for (s = 1; s <= maxs[m]; s++) if ((m, rt, s) in v) a[++n] = v[m, rt, s] / scale
          if (!n) continue
          med = median(a, n); p90 = a[int(n * 0.9 + 0.999999)]
          printf "%-38s %-8s %9s %19s %9s %7s %7s\n", first ? name[m] : "", rt, fmt(med), fmt(a[1]) "-" fmt(a[n]), fmt(p90),
            rt == "crun" ? "1" : ratio(m, rt, "crun"), rt == "floor" ? "1" : ratio(m, rt, "floor")
          first = 0
        }
      }
    }' "$1"
}

progress() { echo "bench: $*" >&2; }

die() {
  echo "bench: $*" >&2
  if [ -s "${log:-/dev/null}" ]; then
    echo "bench: the last lines the runtimes wrote:" >&2
    tail -n 15 "$log" >&2
  fi
  exit 1
}

inner_cleanup() {
  local rc=$? rt d
  trap - EXIT INT TERM
  for rt in "${runtimes[@]}"; do
    [ -d "$state/$rt" ] || continue
    for d in "$state/$rt"/*/; do
      [ -d "$d" ] || continue
      rtc "$rt" delete -f "$(basename "$d")" </dev/null >/dev/null 2>&1 || true
    done
  done
  remove_bench_cgroups
  exit "$rc"
}

# ---------------------------------- outer: setup and the last cleanup ----------------------------------

if [ "${1:-}" = --inner ]; then
  shift
  n=$1 tput_rounds=$2 tput_count=$3 strace_runs=$4 raw_out=$5
  inner
  exit 0
fi

cmdline="bench/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
  case $1 in
  -n)
    [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "bench: -n takes a positive number" >&2; exit 2; }
    n=$2 && shift 2
    ;;
  --quick) n=5 tput_rounds=1 tput_count=10 strace_runs=1 && shift ;;
  --raw)
    [ -n "${2:-}" ] || { echo "bench: --raw takes a file" >&2; exit 2; }
    raw_out=$(realpath -m "$2") && shift 2
    ;;
  -h | --help) sed -n '3,11s/^# \{0,1\}//p' "$self" && exit 0 ;;
  *) echo "bench: unknown argument $1 (bench/run.sh --help)" >&2 && exit 2 ;;
  esac
done
# -n after --quick keeps the quick counts for the rest.

[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 1; }
BROWNIE_BIN=${BROWNIE:-$here/build/brownie}
[ -x "$BROWNIE_BIN" ] || { echo "bench: $BROWNIE_BIN missing (build it first)" >&2; exit 1; }
for tool in crun runc strace cc jq unshare mountpoint; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing" >&2; exit 1; }
done

BENCH_WORK=$(mktemp -d /tmp/brownie-bench.XXXXXX)
BENCH_CG="/brownie-bench-$$"
BENCH_CMDLINE=$cmdline
export BENCH_WORK BENCH_CG BENCH_CMDLINE BROWNIE_BIN

outer_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  remove_bench_cgroups
  rm -rf "$BENCH_WORK"
  exit "$rc"
}
trap outer_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# In the foreground, so that Ctrl-C reaches it (and the runtimes) too; it cleans up after itself, and this shell
# then removes whatever is left.
rc=0
unshare -m --propagation private -- "$self" --inner "$n" "$tput_rounds" "$tput_count" "$strace_runs" "$raw_out" || rc=$?
exit "$rc"
