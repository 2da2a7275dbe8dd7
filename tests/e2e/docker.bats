#!/usr/bin/env bats
# Docker (dockerd 20.10 on containerd 1.6, the io.containerd.runc.v2 shim) with $RT as the runtime.
#
# Every container a check makes is named "$P<something>" ($P is per test) and teardown removes them all.
# Each check compares what the container really printed (or what docker inspect, the container's cgroup
# files or the host's cgroup files say) with what runc gives under the same dockerd.
bats_require_minimum_version 1.5.0
load lib

setup() {
  P="e2e-dk$BATS_TEST_NUMBER-"
}

teardown() {
  local names
  names=$(dk ps -aq --filter "name=^/$P" 2>/dev/null)
  [ -z "$names" ] || dk rm -f $names >/dev/null 2>&1 || true
}

# drun ARGS...: docker run --rm with this pass's runtime.
drun() { dk run --rm --runtime "$RT" "$@"; }

# The container's full id.
cid() { dk inspect -f '{{.Id}}' "$1"; }

# inspect NAME TEMPLATE
inspect() { dk inspect -f "$2" "$1"; }

# A detached container that sleeps, ends at once on SIGTERM; extra docker run flags before the name.
run_sleeper() {
  local name=$1
  shift
  dk run -d --runtime "$RT" --name "$name" "$@" "$E2E_IMAGE" \
    sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done' >/dev/null
}


# logs_have NAME COUNT TEXT: the container's logs have COUNT lines that are TEXT.
logs_have() { [ "$(dk logs "$1" 2>&1 | grep -cx "$3")" = "$2" ]; }

# A host cgroup v1 file of a container under dockerd's cgroup parent.
host_cg() { cat "/sys/fs/cgroup/$1/$E2E_CG-docker/$(cid "$2")/$3"; }

@test "docker: run --rm echo" {
  run drun "$E2E_IMAGE" echo hello
  [ "$status" -eq 0 ]
  [ "$output" = hello ]
}

@test "docker: exit codes 0 and 3 propagate" {
  run drun "$E2E_IMAGE" true
  [ "$status" -eq 0 ]
  run drun "$E2E_IMAGE" sh -c 'exit 3'
  [ "$status" -eq 3 ]
}

@test "docker: a missing binary exits 127" {
  run -127 drun "$E2E_IMAGE" /no/such/binary
  echo "$output"
  [ "$status" -eq 127 ]
  [[ "$output" == *"no such file or directory"* ]]
}

@test "docker: a non-executable file exits 126" {
  run -126 drun "$E2E_IMAGE" /etc/passwd
  echo "$output"
  [ "$status" -eq 126 ]
  [[ "$output" == *"permission denied"* ]]
}

@test "docker: docker kill gives exit code 137" {
  run_sleeper "${P}k"
  dk kill "${P}k"
  run dk wait "${P}k"
  [ "$status" -eq 0 ]
  [ "$output" = 137 ]
  [ "$(inspect "${P}k" '{{.State.ExitCode}} {{.HostConfig.Runtime}}')" = "137 $RT" ]
}

@test "docker: run -i passes stdin" {
  run bash -c 'printf "x\ny\n" | "$0" -H "unix://$1/docker.sock" run --rm -i --runtime "$2" "$3" cat' \
    "$DOCKER_CLI" "$E2E_TMP" "$RT" "$E2E_IMAGE"
  [ "$status" -eq 0 ]
  [ "$output" = "x"$'\n'"y" ]
}

@test "docker: run -t gives a pty" {
  run drun -t "$E2E_IMAGE" tty
  [ "$status" -eq 0 ]
  [ "$output" = $'/dev/pts/0\r' ]
  run drun -t "$E2E_IMAGE" sh -c '[ -t 1 ] && echo tty1'
  [ "$output" = $'tty1\r' ]
}

@test "docker: run -it under a pty: stdin and stdout are the container's terminal" {
  command -v script >/dev/null || skip "no script(1)"
  run script -qec "$DOCKER_CLI -H unix://$E2E_TMP/docker.sock run --rm -it --runtime $RT $E2E_IMAGE \
    sh -c '[ -t 0 ] && [ -t 1 ] && tty && stty size >/dev/null && echo both-tty'" /dev/null </dev/null
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"/dev/pts/0"* ]]
  [[ "$output" == *"both-tty"* ]]
}

@test "docker: run -d and logs (stdout and stderr)" {
  dk run -d --runtime "$RT" --name "${P}l" "$E2E_IMAGE" sh -c 'echo to-out; echo to-err >&2' >/dev/null
  [ "$(dk wait "${P}l")" = 0 ]
  run dk logs "${P}l"
  [ "$status" -eq 0 ]
  [[ "$output" == *to-out* ]]
  [[ "$output" == *to-err* ]]
  [ "$(dk logs "${P}l" 2>/dev/null)" = to-out ]
  [ "$(dk logs "${P}l" 2>&1 >/dev/null)" = to-err ]
}

@test "docker: exec with -t, -i, -d, -u, -w and -e" {
  run_sleeper "${P}x"
  run dk exec "${P}x" echo plain
  [ "$status" -eq 0 ]
  [ "$output" = plain ]
  run dk exec -t "${P}x" tty
  [ "$status" -eq 0 ]
  [[ "$output" =~ ^/dev/pts/[0-9]+$'\r'$ ]]
  run bash -c 'echo piped | "$0" -H "unix://$1/docker.sock" exec -i "$2" cat' "$DOCKER_CLI" "$E2E_TMP" "${P}x"
  [ "$status" -eq 0 ]
  [ "$output" = piped ]
  dk exec -d "${P}x" sh -c 'echo detached >/tmp/d'
  retry 10 dk exec "${P}x" test -s /tmp/d
  [ "$(dk exec "${P}x" cat /tmp/d)" = detached ]
  [ "$(dk exec -u 1000:1000 "${P}x" id)" = "uid=1000(user) gid=1000(user) groups=1000(user)" ]
  [ "$(dk exec -w /tmp "${P}x" pwd)" = /tmp ]
  [ "$(dk exec -e FOO=bar "${P}x" sh -c 'echo $FOO')" = bar ]
  run dk exec "${P}x" sh -c 'exit 5'
  [ "$status" -eq 5 ]
}

@test "docker: exec of a missing or non-executable binary fails with 126 and the runtime's reason" {
  # dockerd 20.10 gives 126 to any exec that the runtime could not start; the reason is the runtime's.
  run_sleeper "${P}x"
  run dk exec "${P}x" /no/such/binary
  echo "$output"
  [ "$status" -eq 126 ]
  [[ "$output" == *"no such file or directory"* ]]
  run dk exec "${P}x" /etc/passwd
  echo "$output"
  [ "$status" -eq 126 ]
  [[ "$output" == *"permission denied"* ]]
  [ "$(inspect "${P}x" '{{.State.Running}}')" = true ]
}

@test "docker: top lists the container's processes" {
  run_sleeper "${P}t"
  run dk top "${P}t"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"PID"* ]]
  [[ "$output" == *"while :; do sleep 0.1; done"* ]]
}

@test "docker: stats --no-stream" {
  run_sleeper "${P}s"
  run dk stats --no-stream --format '{{.Name}} {{.PIDs}} {{.MemUsage}}' "${P}s"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" =~ ^"${P}s "[1-9][0-9]*" "[0-9.]+[KMG]i?B" / " ]]
}

@test "docker: stop delivers SIGTERM to the process" {
  dk run -d --runtime "$RT" --name "${P}st" "$E2E_IMAGE" \
    sh -c 'trap "echo got-term; exit 7" TERM; echo ready; while :; do sleep 0.1; done' >/dev/null
  retry 10 logs_have "${P}st" 1 ready
  dk stop -t 20 "${P}st" >/dev/null
  [ "$(inspect "${P}st" '{{.State.ExitCode}}')" = 7 ]
  [ "$(dk logs "${P}st")" = "ready"$'\n'"got-term" ]
}

@test "docker: stop of a process ignoring SIGTERM ends with SIGKILL" {
  dk run -d --runtime "$RT" --name "${P}st" "$E2E_IMAGE" sh -c 'trap "" TERM; while :; do sleep 0.1; done' >/dev/null
  dk stop -t 1 "${P}st" >/dev/null
  [ "$(inspect "${P}st" '{{.State.Running}} {{.State.ExitCode}}')" = "false 137" ]
}

@test "docker: restart starts the container again" {
  dk run -d --runtime "$RT" --name "${P}r" "$E2E_IMAGE" \
    sh -c 'trap "exit 0" TERM; echo started; while :; do sleep 0.1; done' >/dev/null
  retry 10 logs_have "${P}r" 1 started
  local pid1
  pid1=$(inspect "${P}r" '{{.State.Pid}}')
  dk restart -t 10 "${P}r" >/dev/null
  [ "$(inspect "${P}r" '{{.State.Running}}')" = true ]
  [ "$(inspect "${P}r" '{{.State.Pid}}')" != "$pid1" ]
  retry 10 logs_have "${P}r" 2 started
}

health_is() { [ "$(inspect "$1" '{{.State.Health.Status}}')" = "$2" ]; }

restarted_twice() { [ "$(inspect "$1" '{{.RestartCount}} {{.State.Status}}')" = "2 exited" ]; }

@test "docker: --restart on-failure:2 restarts a failing command twice" {
  dk run -d --runtime "$RT" --name "${P}rp" --restart on-failure:2 "$E2E_IMAGE" sh -c 'echo run; exit 4' >/dev/null
  retry 30 restarted_twice "${P}rp"
  [ "$(inspect "${P}rp" '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}')" = "2 exited 4" ]
  logs_have "${P}rp" 3 run
}

@test "docker: pause freezes the process, unpause thaws it" {
  local d=$BATS_TEST_TMPDIR/pause
  mkdir -p "$d"
  dk run -d --runtime "$RT" --name "${P}p" -v "$d:/out" "$E2E_IMAGE" \
    sh -c 'i=0; while :; do i=$((i+1)); echo $i >/out/n.new; mv /out/n.new /out/n; sleep 0.05; done' >/dev/null
  retry 10 test -s "$d/n"
  dk pause "${P}p" >/dev/null
  [ "$(inspect "${P}p" '{{.State.Paused}} {{.State.Status}}')" = "true paused" ]
  local a b
  a=$(cat "$d/n")
  sleep 0.5
  b=$(cat "$d/n")
  [ "$a" = "$b" ]
  [ "$(cat "/sys/fs/cgroup/freezer/$E2E_CG-docker/$(cid "${P}p")/freezer.state")" = FROZEN ]
  dk unpause "${P}p" >/dev/null
  [ "$(inspect "${P}p" '{{.State.Paused}} {{.State.Status}}')" = "false running" ]
  sleep 0.5
  b=$(cat "$d/n")
  [ "$b" -gt "$a" ]
}

@test "docker: update --memory --cpus --pids-limit, read inside and on the host" {
  run_sleeper "${P}u"
  dk update --memory 64m --memory-swap 128m --cpus 0.5 --pids-limit 50 "${P}u" >/dev/null
  [ "$(dk exec "${P}u" cat /sys/fs/cgroup/memory/memory.limit_in_bytes)" = 67108864 ]
  [ "$(dk exec "${P}u" cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes 2>/dev/null || echo 134217728)" = 134217728 ]
  [ "$(dk exec "${P}u" cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)" = 50000 ]
  [ "$(dk exec "${P}u" cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)" = 100000 ]
  [ "$(dk exec "${P}u" cat /sys/fs/cgroup/pids/pids.max)" = 50 ]
  [ "$(host_cg memory "${P}u" memory.limit_in_bytes)" = 67108864 ]
  [ "$(host_cg cpu "${P}u" cpu.cfs_quota_us)" = 50000 ]
  [ "$(host_cg pids "${P}u" pids.max)" = 50 ]
  [ "$(inspect "${P}u" '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}')" = "67108864 500000000 50" ]
  # Other limits are left alone by an update of one.
  dk update --pids-limit 60 "${P}u" >/dev/null
  [ "$(host_cg pids "${P}u" pids.max)" = 60 ]
  [ "$(host_cg memory "${P}u" memory.limit_in_bytes)" = 67108864 ]
  [ "$(host_cg cpu "${P}u" cpu.cfs_quota_us)" = 50000 ]
  [ "$(inspect "${P}u" '{{.State.Running}}')" = true ]
}

@test "docker: -u 1000:1000 and the user's HOME" {
  run drun -u 1000:1000 "$E2E_IMAGE" id
  [ "$status" -eq 0 ]
  [ "$output" = "uid=1000(user) gid=1000(user) groups=1000(user)" ]
  run drun "$E2E_IMAGE" sh -c 'id -u; echo $HOME'
  [ "$output" = "0"$'\n'"/root" ]
  run drun -u 1000 "$E2E_IMAGE" sh -c 'echo $HOME'
  [ "$output" = /home/user ]
  run drun -u user "$E2E_IMAGE" sh -c 'id -u; echo $HOME'
  [ "$output" = "1000"$'\n'"/home/user" ]
}

@test "docker: --read-only and --tmpfs" {
  run drun --read-only "$E2E_IMAGE" touch /x
  [ "$status" -ne 0 ]
  [[ "$output" == *"Read-only file system"* ]]
  run drun --read-only --tmpfs /scratch:size=4m "$E2E_IMAGE" \
    sh -c 'touch /scratch/x && echo ok && grep " /scratch " /proc/mounts && df -k /scratch | tail -n 1'
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = ok ]
  [[ "${lines[1]}" == "tmpfs /scratch tmpfs rw,"* ]]
  [[ "${lines[2]}" =~ ^tmpfs\ +4096\  ]]
}

@test "docker: -v bind mounts, rw and ro" {
  local d=$BATS_TEST_TMPDIR/vol
  mkdir -p "$d"
  echo from-host >"$d/in"
  run drun -v "$d:/data" "$E2E_IMAGE" sh -c 'cat /data/in; echo from-ctr >/data/out'
  [ "$status" -eq 0 ]
  [ "$output" = from-host ]
  [ "$(cat "$d/out")" = from-ctr ]
  run drun -v "$d:/data:ro" "$E2E_IMAGE" sh -c 'cat /data/in; echo x >/data/out2'
  [ "$status" -ne 0 ]
  [[ "$output" == *"from-host"* ]]
  [[ "$output" == *"Read-only file system"* ]]
  [ ! -e "$d/out2" ]
}

@test "docker: --hostname, -e and -w" {
  run drun --hostname e2e-host -e FOO=bar -e BAZ -w /tmp "$E2E_IMAGE" sh -c 'hostname; echo "$FOO"; pwd; cat /etc/hostname'
  [ "$status" -eq 0 ]
  [ "$output" = "e2e-host"$'\n'"bar"$'\n'"/tmp"$'\n'"e2e-host" ]
}

@test "docker: --ulimit nofile=512:512" {
  run drun --ulimit nofile=512:512 "$E2E_IMAGE" sh -c 'ulimit -Sn; ulimit -Hn'
  [ "$status" -eq 0 ]
  [ "$output" = "512"$'\n'"512" ]
}

@test "docker: --pids-limit sets pids.max" {
  run_sleeper "${P}pl" --pids-limit 42
  [ "$(dk exec "${P}pl" cat /sys/fs/cgroup/pids/pids.max)" = 42 ]
  [ "$(host_cg pids "${P}pl" pids.max)" = 42 ]
}

@test "docker: --memory OOM kill: exit 137 and State.OOMKilled" {
  run dk run --runtime "$RT" --name "${P}oom" --memory 32m --memory-swap 32m "$E2E_IMAGE" tail /dev/zero
  [ "$status" -eq 137 ]
  [ "$(inspect "${P}oom" '{{.State.OOMKilled}} {{.State.ExitCode}}')" = "true 137" ]
  [ "$(inspect "${P}oom" '{{.HostConfig.Memory}}')" = 33554432 ]
}

@test "docker: --memory limit inside the container" {
  run drun --memory 48m "$E2E_IMAGE" cat /sys/fs/cgroup/memory/memory.limit_in_bytes
  [ "$status" -eq 0 ]
  [ "$output" = 50331648 ]
}

@test "docker: --cpuset-cpus 0" {
  run drun --cpuset-cpus 0 "$E2E_IMAGE" sh -c 'cat /sys/fs/cgroup/cpuset/cpuset.cpus; grep Cpus_allowed_list /proc/self/status'
  [ "$status" -eq 0 ]
  [ "$output" = "0"$'\n'"Cpus_allowed_list:"$'\t'"0" ]
}

@test "docker: --cpu-shares 512, and the default 1024" {
  run drun --cpu-shares 512 "$E2E_IMAGE" cat /sys/fs/cgroup/cpu/cpu.shares
  [ "$status" -eq 0 ]
  [ "$output" = 512 ]
  run drun "$E2E_IMAGE" cat /sys/fs/cgroup/cpu/cpu.shares
  [ "$status" -eq 0 ]
  [ "$output" = 1024 ]
}

@test "docker: --oom-score-adj" {
  run drun --oom-score-adj 345 "$E2E_IMAGE" cat /proc/self/oom_score_adj
  [ "$status" -eq 0 ]
  [ "$output" = 345 ]
}

@test "docker: --cgroup-parent" {
  run_sleeper "${P}cg" --cgroup-parent "/$E2E_CG-custom"
  local id
  id=$(cid "${P}cg")
  run dk exec "${P}cg" grep ':memory:' /proc/self/cgroup
  [ "$output" = "4:memory:/$E2E_CG-custom/$id" ] || [[ "$output" == *":memory:/$E2E_CG-custom/$id" ]]
  [ -d "/sys/fs/cgroup/memory/$E2E_CG-custom/$id" ]
  [ -d "/sys/fs/cgroup/pids/$E2E_CG-custom/$id" ]
  grep -qx "$(inspect "${P}cg" '{{.State.Pid}}')" "/sys/fs/cgroup/pids/$E2E_CG-custom/$id/cgroup.procs"
  dk rm -f "${P}cg" >/dev/null
  [ ! -d "/sys/fs/cgroup/memory/$E2E_CG-custom/$id" ]
}

@test "docker: --sysctl net.ipv4.ip_forward=1" {
  run drun "$E2E_IMAGE" cat /proc/sys/net/ipv4/ip_forward
  [ "$output" = 0 ]
  run drun --sysctl net.ipv4.ip_forward=1 --sysctl net.ipv4.ping_group_range="0 2147483647" "$E2E_IMAGE" \
    sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/ping_group_range'
  [ "$status" -eq 0 ]
  [ "$output" = "1"$'\n'"0"$'\t'"2147483647" ]
}

@test "docker: --shm-size" {
  run drun --shm-size 16m "$E2E_IMAGE" sh -c 'df -k /dev/shm | tail -n 1'
  [ "$status" -eq 0 ]
  [[ "$output" =~ ^shm\ +16384\  ]]
  run drun "$E2E_IMAGE" sh -c 'df -k /dev/shm | tail -n 1'
  [[ "$output" =~ ^shm\ +65536\  ]]
}

@test "docker: --init makes docker-init pid 1" {
  command -v docker-init >/dev/null || skip "dockerd has no docker-init on PATH"
  run drun --init "$E2E_IMAGE" sh -c 'cat /proc/1/comm; echo $$'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = docker-init ]
  [ "${lines[1]}" != 1 ]
  run drun --init "$E2E_IMAGE" sh -c 'exit 9'
  [ "$status" -eq 9 ]
}

@test "docker: --cap-drop ALL and --cap-add" {
  run drun "$E2E_IMAGE" grep CapEff /proc/self/status
  [ "$output" = "CapEff:"$'\t'"00000000a80425fb" ]
  run drun --cap-drop ALL "$E2E_IMAGE" grep -E 'Cap(Eff|Bnd)' /proc/self/status
  [ "$output" = "CapEff:"$'\t'"0000000000000000"$'\n'"CapBnd:"$'\t'"0000000000000000" ]
  run drun --cap-drop ALL --cap-add NET_BIND_SERVICE --cap-add SYS_ADMIN "$E2E_IMAGE" grep CapEff /proc/self/status
  [ "$output" = "CapEff:"$'\t'"0000000000200400" ]
  run drun --cap-drop ALL "$E2E_IMAGE" chown 1000 /tmp
  [ "$status" -ne 0 ]
  [[ "$output" == *"Operation not permitted"* ]]
}

@test "docker: --security-opt no-new-privileges" {
  run drun "$E2E_IMAGE" grep NoNewPrivs /proc/self/status
  [ "$output" = "NoNewPrivs:"$'\t'"0" ]
  run drun --security-opt no-new-privileges "$E2E_IMAGE" grep NoNewPrivs /proc/self/status
  [ "$status" -eq 0 ]
  [ "$output" = "NoNewPrivs:"$'\t'"1" ]
}

@test "docker: the default seccomp profile blocks unshare, seccomp=unconfined does not" {
  run drun "$E2E_IMAGE" sh -c 'grep "^Seccomp:" /proc/self/status; unshare -U true 2>&1'
  echo "$output"
  [ "$status" -ne 0 ]
  [ "${lines[0]}" = "Seccomp:"$'\t'"2" ]
  [[ "$output" == *"Operation not permitted"* ]]
  # The capability is not what blocks it: user namespaces need none.
  run drun --security-opt seccomp=unconfined "$E2E_IMAGE" sh -c 'grep "^Seccomp:" /proc/self/status; unshare -U true && echo unshared'
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$output" = "Seccomp:"$'\t'"0"$'\n'"unshared" ]
  run drun "$E2E_IMAGE" unshare -m true
  [ "$status" -ne 0 ]
  run drun --security-opt seccomp=unconfined --cap-add SYS_ADMIN "$E2E_IMAGE" sh -c 'unshare -m true && echo ok'
  [ "$status" -eq 0 ]
  [ "$output" = ok ]
}

@test "docker: --device /dev/null:/dev/xnull" {
  run drun --device /dev/null:/dev/xnull "$E2E_IMAGE" sh -c 'stat -c "%F %t:%T" /dev/xnull; echo x >/dev/xnull && echo written'
  [ "$status" -eq 0 ]
  [ "$output" = "character special file 1:3"$'\n'"written" ]
  run drun --device /dev/fuse:/dev/xfuse "$E2E_IMAGE" sh -c 'exec 3<>/dev/xfuse && echo opened'
  [ "$output" = opened ]
  # A device node made without --device is refused by the devices cgroup.
  run drun "$E2E_IMAGE" sh -c 'mknod /tmp/fuse c 10 229 && exec 3<>/tmp/fuse && echo opened'
  [ "$status" -ne 0 ]
  [[ "$output" == *"Operation not permitted"* ]]
}

@test "docker: --network none has only lo" {
  run drun --network none "$E2E_IMAGE" ls /sys/class/net
  [ "$status" -eq 0 ]
  [ "$output" = lo ]
}

@test "docker: the default bridge: eth0 in 10.232.0.0/24, the gateway answers ping" {
  run drun "$E2E_IMAGE" sh -c 'ls /sys/class/net; ip -4 -o addr show eth0; ip route | grep default; ping -c 1 -W 5 10.232.0.1 >/dev/null && echo pong'
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = eth0 ]
  [ "${lines[1]}" = lo ]
  [[ "${lines[2]}" =~ eth0\ +inet\ 10\.232\.0\.[0-9]+/24 ]]
  [[ "${lines[3]}" == "default via 10.232.0.1 dev eth0"* ]]
  [ "${lines[4]}" = pong ]
}

@test "docker: --network host sees the suite's namespace" {
  local want
  want=$(in_netns ip -o link show | cut -d: -f2 | cut -d@ -f1 | tr -d ' ' | sort)
  [[ "$want" == *docker0* ]]
  run drun --network host "$E2E_IMAGE" sh -c "ip -o link show | cut -d: -f2 | cut -d@ -f1 | tr -d ' ' | sort"
  [ "$status" -eq 0 ]
  [ "$output" = "$want" ]
  [ "$(drun --network host "$E2E_IMAGE" readlink /proc/self/ns/net)" = "$(in_netns readlink /proc/self/ns/net)" ]
}

@test "docker: --network container:X and --pid container:X join the other's namespaces" {
  run_sleeper "${P}a"
  local net pid
  net=$(dk exec "${P}a" readlink /proc/self/ns/net)
  pid=$(dk exec "${P}a" readlink /proc/self/ns/pid)
  run drun --network "container:${P}a" "$E2E_IMAGE" readlink /proc/self/ns/net
  [ "$status" -eq 0 ]
  [ "$output" = "$net" ]
  run drun --pid "container:${P}a" "$E2E_IMAGE" sh -c 'readlink /proc/self/ns/pid; cat /proc/1/cmdline | tr "\0" " "'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$pid" ]
  [[ "${lines[1]}" == *"while :; do sleep 0.1; done"* ]]
  # Without them, the namespaces are the container's own.
  [ "$(drun "$E2E_IMAGE" readlink /proc/self/ns/net)" != "$net" ]
}

@test "docker: --pid host and --uts host" {
  run drun --pid host --uts host "$E2E_IMAGE" sh -c 'readlink /proc/self/ns/pid; readlink /proc/self/ns/uts; hostname'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(readlink /proc/self/ns/pid)" ]
  [ "${lines[1]}" = "$(readlink /proc/self/ns/uts)" ]
  [ "${lines[2]}" = "$(hostname)" ]
  run drun "$E2E_IMAGE" readlink /proc/self/ns/pid
  [ "$output" != "$(readlink /proc/self/ns/pid)" ]
}

@test "docker: six runs in parallel all succeed" {
  local i pids=()
  for i in 1 2 3 4 5 6; do
    drun --name "${P}$i" "$E2E_IMAGE" sh -c "echo run-$i" >"$BATS_TEST_TMPDIR/out$i" 2>&1 &
    pids+=($!)
  done
  for i in 0 1 2 3 4 5; do
    wait "${pids[$i]}" || { cat "$BATS_TEST_TMPDIR/out$((i + 1))"; false; }
  done
  for i in 1 2 3 4 5 6; do
    [ "$(cat "$BATS_TEST_TMPDIR/out$i")" = "run-$i" ]
  done
}

@test "docker: rm -f of a running container" {
  run_sleeper "${P}rm"
  local id pid
  id=$(cid "${P}rm")
  pid=$(inspect "${P}rm" '{{.State.Pid}}')
  kill -0 "$pid"
  dk rm -f "${P}rm" >/dev/null
  run dk inspect "${P}rm"
  [ "$status" -ne 0 ]
  ! kill -0 "$pid" 2>/dev/null
  [ ! -d "/sys/fs/cgroup/pids/$E2E_CG-docker/$id" ]
}

@test "docker: info shows brownie as a runtime and the default" {
  run dk info --format '{{.DefaultRuntime}}'
  [ "$output" = brownie ]
  run dk info --format '{{(index .Runtimes "brownie").Path}}'
  [ "$output" = "$E2E_BROWNIE" ]
  run dk info
  [[ "$output" == *"Default Runtime: brownie"* ]]
  [[ "$output" =~ Runtimes:.*\ brownie ]]
}

@test "docker: a container made without --runtime gets brownie" {
  dk create --name "${P}def" "$E2E_IMAGE" echo default-runtime >/dev/null
  [ "$(inspect "${P}def" '{{.HostConfig.Runtime}}')" = brownie ]
  # Starting it runs brownie whatever this pass's runtime is: only the brownie pass does.
  [ "$RT" = brownie ] || return 0
  run dk start -a "${P}def"
  [ "$status" -eq 0 ]
  [ "$output" = default-runtime ]
}

@test "docker: kill -s and --stop-signal deliver the chosen signal" {
  dk run -d --runtime "$RT" --name "${P}sig" --stop-signal USR1 "$E2E_IMAGE" \
    sh -c 'trap "echo got-hup" HUP; trap "echo got-usr1; exit 0" USR1; echo ready; while :; do sleep 0.1; done' >/dev/null
  retry 10 logs_have "${P}sig" 1 ready
  dk kill -s HUP "${P}sig" >/dev/null
  retry 10 logs_have "${P}sig" 1 got-hup
  [ "$(inspect "${P}sig" '{{.State.Running}}')" = true ]
  dk stop -t 20 "${P}sig" >/dev/null
  [ "$(dk logs "${P}sig")" = "ready"$'\n'"got-hup"$'\n'"got-usr1" ]
  [ "$(inspect "${P}sig" '{{.State.ExitCode}}')" = 0 ]
}

@test "docker: exec -u 1000 sets the user's HOME, exec into a paused container is refused" {
  run_sleeper "${P}xh"
  [ "$(dk exec -u 1000 "${P}xh" sh -c 'id -u; echo $HOME')" = "1000"$'\n'"/home/user" ]
  [ "$(dk exec "${P}xh" sh -c 'echo $HOME')" = /root ]
  dk pause "${P}xh" >/dev/null
  run dk exec "${P}xh" true
  [ "$status" -ne 0 ]
  [[ "$output" == *"is paused"* ]]
  dk unpause "${P}xh" >/dev/null
  run dk exec "${P}xh" echo back
  [ "$output" = back ]
}

@test "docker: a healthcheck (exec'd by dockerd) goes unhealthy, then healthy" {
  dk run -d --runtime "$RT" --name "${P}hc" --health-cmd 'test -e /tmp/ok' --health-interval 1s \
    --health-retries 1 "$E2E_IMAGE" sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done' >/dev/null
  retry 15 health_is "${P}hc" unhealthy
  dk exec "${P}hc" touch /tmp/ok
  retry 15 health_is "${P}hc" healthy
}

@test "docker: a custom seccomp profile (errnoRet and the default errno)" {
  local d=$BATS_TEST_TMPDIR
  echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}' >"$d/eacces.json"
  echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}' >"$d/eperm.json"
  run drun --security-opt "seccomp=$d/eacces.json" "$E2E_IMAGE" sh -c 'touch /tmp/y && echo touched; mkdir /tmp/x 2>&1'
  [ "$status" -ne 0 ]
  [ "$output" = "touched"$'\n'"mkdir: can't create directory '/tmp/x': Permission denied" ]
  run drun --security-opt "seccomp=$d/eperm.json" "$E2E_IMAGE" sh -c 'mkdir /tmp/x 2>&1'
  [ "$status" -ne 0 ]
  [ "$output" = "mkdir: can't create directory '/tmp/x': Operation not permitted" ]
}

@test "docker: masked and read-only paths of the default config" {
  run drun "$E2E_IMAGE" sh -c 'cat /proc/keys /proc/timer_list | wc -c; ls /sys/firmware | wc -l
    for m in /proc/sys /proc/bus /proc/fs /proc/irq /proc/acpi /sys; do grep " $m " /proc/mounts | cut -d" " -f3-4 | cut -d, -f1; done
    { echo x >/proc/sys/kernel/domainname; } 2>&1'
  echo "$output"
  [ "$status" -ne 0 ]
  [ "${lines[0]}" = 0 ]
  [ "${lines[1]}" = 0 ]
  [ "${lines[2]}" = "proc ro" ]
  [ "${lines[3]}" = "proc ro" ]
  [ "${lines[4]}" = "proc ro" ]
  [ "${lines[5]}" = "proc ro" ]
  [ "${lines[6]}" = "tmpfs ro" ]
  [ "${lines[7]}" = "sysfs ro" ]
  [[ "${lines[8]}" == *"Read-only file system"* ]]
}

@test "docker: --cgroupns private shows the container's cgroup as /" {
  run drun --cgroupns private "$E2E_IMAGE" sh -c 'grep -cE ":(memory|pids|cpu):/\$" /proc/self/cgroup; cut -d: -f3 /proc/self/cgroup | sort -u'
  [ "$status" -eq 0 ]
  [ "$output" = "3"$'\n'"/" ]
  run drun --cgroupns host "$E2E_IMAGE" grep ":pids:" /proc/self/cgroup
  [[ "$output" == *":pids:/$E2E_CG-docker/"* ]]
}

@test "docker: --ipc shareable and --ipc container:X share the IPC namespace and /dev/shm" {
  run_sleeper "${P}ipc" --ipc shareable
  local ns
  ns=$(dk exec "${P}ipc" readlink /proc/self/ns/ipc)
  dk exec "${P}ipc" sh -c 'echo shared >/dev/shm/f'
  run drun --ipc "container:${P}ipc" "$E2E_IMAGE" sh -c 'readlink /proc/self/ns/ipc; cat /dev/shm/f'
  [ "$status" -eq 0 ]
  [ "$output" = "$ns"$'\n'"shared" ]
  [ "$(drun --ipc host "$E2E_IMAGE" readlink /proc/self/ns/ipc)" = "$(readlink /proc/self/ns/ipc)" ]
}

@test "docker: --cpu-period/--cpu-quota, --memory-reservation, --memory-swappiness, --oom-kill-disable" {
  run drun --cpu-period 50000 --cpu-quota 25000 --memory 64m --memory-reservation 20m --memory-swappiness 0 \
    --oom-kill-disable "$E2E_IMAGE" sh -c 'cd /sys/fs/cgroup; cat cpu/cpu.cfs_period_us cpu/cpu.cfs_quota_us
      cat memory/memory.limit_in_bytes memory/memory.soft_limit_in_bytes memory/memory.swappiness
      grep oom_kill_disable memory/memory.oom_control'
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$output" = "50000"$'\n'"25000"$'\n'"67108864"$'\n'"20971520"$'\n'"0"$'\n'"oom_kill_disable 1" ]
}

@test "docker: --device-read-bps and --device-write-iops" {
  local dev
  dev=/dev/vda
  [ -b "$dev" ] || skip "no /dev/vda block device"
  local mm
  mm=$(stat -c '%t %T' "$dev" | { read -r a b; echo "$((16#$a)):$((16#$b))"; })
  run drun --device-read-bps "$dev:1mb" --device-write-iops "$dev:10" "$E2E_IMAGE" \
    cat /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device /sys/fs/cgroup/blkio/blkio.throttle.write_iops_device
  [ "$status" -eq 0 ]
  [ "$output" = "$mm 1048576"$'\n'"$mm 10" ]
}

@test "docker: --group-add with -u 1000 (docker lists gid 29 twice: the runtime gives it once)" {
  run drun --group-add 29 --group-add 4242 -u 1000 "$E2E_IMAGE" sh -c 'id; grep ^Groups: /proc/self/status'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "uid=1000(user) gid=1000(user) groups=29(audio),1000(user),4242" ]
  [ "${lines[1]}" = "Groups:"$'\t'"29 1000 4242 " ]
}

@test "docker: --entrypoint, --ulimit nproc and core" {
  run drun --entrypoint /bin/echo "$E2E_IMAGE" a b
  [ "$output" = "a b" ]
  run drun --ulimit nproc=100:200 --ulimit core=0 "$E2E_IMAGE" sh -c 'ulimit -Su; ulimit -Hu; ulimit -c'
  [ "$output" = "100"$'\n'"200"$'\n'"0" ]
}

@test "docker: --tmpfs options (mode, size, noexec)" {
  run drun --tmpfs /t:mode=1770,size=1m,noexec "$E2E_IMAGE" sh -c 'stat -c %a /t; grep " /t " /proc/mounts
    cp /bin/busybox /t/bb 2>/dev/null; { /t/bb true; } 2>&1'
  echo "$output"
  [ "$status" -ne 0 ]
  [ "${lines[0]}" = 1770 ]
  [[ "${lines[1]}" == "tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=1770 "* ]]
  [[ "${lines[2]}" == *"Permission denied"* ]]
}

@test "docker: --pids-limit is enforced" {
  run drun --pids-limit 10 "$E2E_IMAGE" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 1 & done; wait'
  echo "$output"
  [[ "$output" == *"can't fork: Resource temporarily unavailable"* ]]
}

@test "docker: --device-cgroup-rule lets a node made in the container be opened" {
  # /dev/fuse (c 10:229) opens without a capability; docker's default device rules do not allow it.
  run drun --device-cgroup-rule 'c 10:229 rwm' "$E2E_IMAGE" sh -c 'mknod /tmp/f c 10 229 && exec 3<>/tmp/f && echo opened'
  [ "$status" -eq 0 ]
  [ "$output" = opened ]
  run drun "$E2E_IMAGE" sh -c 'mknod /tmp/f c 10 229 && exec 3<>/tmp/f && echo opened'
  [ "$status" -ne 0 ]
  [[ "$output" == *"Operation not permitted"* ]]
}

@test "docker: attach to a running container" {
  dk run -d -i --runtime "$RT" --name "${P}at" "$E2E_IMAGE" sh -c 'read l; echo "read:$l"' >/dev/null
  run bash -c '{ echo hi; sleep 1; } | "$0" -H "unix://$1/docker.sock" attach "$2"' "$DOCKER_CLI" "$E2E_TMP" "${P}at"
  [ "$status" -eq 0 ]
  [ "$output" = "read:hi" ]
  [ "$(dk wait "${P}at")" = 0 ]
}

@test "docker: --privileged" {
  skip "impossible on this host for every runtime: CAP_SYS_RESOURCE is not in the bounding set"
}
