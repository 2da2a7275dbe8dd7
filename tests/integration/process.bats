#!/usr/bin/env bats
# process: args, env, cwd, user, umask, capabilities, rlimits, noNewPrivileges, oomScoreAdj.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

@test "args and env reach the program, which is found in PATH" {
  update_config '.process.env += ["FOO=bar baz"]'
  set_args sh -c 'echo "$FOO"; echo "$0"'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = "bar baz" ]
  [ "${lines[1]}" = sh ]
}

@test "cwd is the working directory, created when missing" {
  update_config '.process.cwd = "/work/dir"'
  set_args pwd
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$output" = /work/dir ]
}

@test "user uid, gid and additionalGids" {
  update_config '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [29, 4242]}'
  set_args sh -c 'id -u; id -g; id -G'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = 1000 ]
  [ "${lines[1]}" = 1000 ]
  [ "${lines[2]}" = "1000 29 4242" ]
}

@test "the process's stdio becomes its user's, group kept, as runc hands it: /dev/stdout can be opened again" {
  update_config '.process.user = {"uid": 1000, "gid": 1000}'
  set_args sh -c 'echo reopened >/dev/stdout; stat -L -c %u /proc/self/fd/1'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = reopened ]
  [ "${lines[1]}" = 1000 ]
  # an exec'd process's too
  set_args sleep 100
  run_detached
  run rt exec --user 1001:1001 "$ID" sh -c 'echo reopened >/dev/stdout; stat -L -c %u:%g /proc/self/fd/1'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = reopened ]
  [ "${lines[1]}" = "1001:0" ]
  # a /dev/null is left as it is (the host's, here)
  run rt exec --user 1001:1001 "$ID" true </dev/null
  [ "$status" -eq 0 ]
  [ "$(stat -c %u /dev/null)" = 0 ]
}

@test "additionalGids given twice are set once, as runc sets them (dockerd repeats the user's own)" {
  update_config '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [1000, 29, 29, 4242]}'
  set_args sh -c 'grep ^Groups: /proc/self/status'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(echo $output)" = "Groups: 29 1000 4242" ]
}

@test "the init and an exec'd process each lead a session and process group of their own, as runc's" {
  set_args sleep 100
  run_detached
  run rt exec "$ID" cut -d" " -f1,5,6 /proc/1/stat
  [ "$output" = "1 1 1" ]
  run rt exec "$ID" cut -d" " -f1,5,6 /proc/self/stat
  [ "$status" -eq 0 ]
  set -- $output
  [ "$1" = "$2" ] && [ "$1" = "$3" ]
}

@test "umask" {
  update_config '.process.user.umask = 63'
  set_args sh -c umask
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$output" = 0077 ]
}

@test "the default umask is 0022" {
  set_args sh -c umask
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$output" = 0022 ]
}

# with_signals CMD...: CMD with SIGINT, SIGPIPE, SIGUSR1 and SIGTERM ignored and SIGUSR2 blocked, as a
# careless caller (a shell's trap '', a daemon) could leave them.
with_signals() {
  perl -e 'use POSIX; $SIG{$_} = "IGNORE" for qw(INT PIPE USR1 TERM);
           sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR2)); exec @ARGV or die "exec: $!"' "$@"
}

@test "signals the caller ignores or blocks are default again in the init and in exec'd processes" {
  # The caller really has them (and maybe more, e.g. SIGINT and SIGQUIT when the suite runs in the
  # background): the host process under the same wrapper.
  run with_signals grep -E '^Sig(Ign|Blk):' /proc/self/status
  [ "$(( 16#${lines[0]#SigBlk:	} & 0x800 ))" -eq $((0x800)) ]
  [ "$(( 16#${lines[1]#SigIgn:	} & 0x5202 ))" -eq $((0x5202)) ]
  set_args sleep 100
  run_bg with_signals "$RUNTIME" --root "$ROOT" run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  save_container_pids "$ID"
  run grep -E '^Sig(Ign|Blk):' "/proc/$(init_pid)/status"
  [ "${lines[0]}" = "SigBlk:	0000000000000000" ]
  [ "${lines[1]}" = "SigIgn:	0000000000000000" ]
  run with_signals "$RUNTIME" --root "$ROOT" exec "$ID" grep -E '^Sig(Ign|Blk):' /proc/self/status
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "SigBlk:	0000000000000000" ]
  [ "${lines[1]}" = "SigIgn:	0000000000000000" ]
}

@test "all five capability sets are what the config says" {
  update_config '.process.capabilities = {
      "bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW"],
      "effective": ["CAP_CHOWN", "CAP_KILL"],
      "permitted": ["CAP_CHOWN", "CAP_KILL"],
      "inheritable": ["CAP_KILL"],
      "ambient": ["CAP_KILL"]}'
  set_args sh -c 'grep ^Cap /proc/self/status'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  # CAP_CHOWN=0, CAP_KILL=5, CAP_NET_RAW=13 (the same as runc shows for this config)
  [[ "$output" == *"CapInh:	0000000000000020"* ]]
  [[ "$output" == *"CapPrm:	0000000000000021"* ]]
  [[ "$output" == *"CapEff:	0000000000000021"* ]]
  [[ "$output" == *"CapBnd:	0000000000002021"* ]]
  [[ "$output" == *"CapAmb:	0000000000000020"* ]]
}

@test "capabilities match runc's for the default spec" {
  set_args sh -c 'grep ^Cap /proc/self/status'
  run rt run --bundle "$BUNDLE" "$ID"
  mine="$output"
  ref_bundle="$TEST_TMP/refbundle"
  mkdir -p "$ref_bundle"
  jq --arg r "$BUNDLE/rootfs" '.root.path = $r | .linux.cgroupsPath += "-ref"' "$BUNDLE/config.json" >"$ref_bundle/config.json"
  theirs=$(cd "$ref_bundle" && ref run "$ID-ref")
  [ "$mine" = "$theirs" ]
}

@test "rlimits" {
  update_config '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 512, "hard": 768}, {"type": "RLIMIT_NPROC", "soft": 300, "hard": 400}]'
  set_args sh -c 'ulimit -n; ulimit -Hn; ulimit -u; ulimit -Hu'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = 512 ]
  [ "${lines[1]}" = 768 ]
  [ "${lines[2]}" = 300 ]
  [ "${lines[3]}" = 400 ]
}

@test "noNewPrivileges" {
  update_config '.process.noNewPrivileges = true'
  set_args sh -c 'grep NoNewPrivs /proc/self/status'
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "$output" == *"NoNewPrivs:	1" ]]
  update_config '.process.noNewPrivileges = false'
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "$output" == *"NoNewPrivs:	0" ]]
}

@test "oomScoreAdj" {
  update_config '.process.oomScoreAdj = 500'
  set_args cat /proc/self/oom_score_adj
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$output" = 500 ]
}

@test "no fd of the runtime reaches the container" {
  set_args sh -c 'ls /proc/self/fd'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  # stdio, and the fd ls opened for the directory
  [ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 " ]
}

@test "--preserve-fds passes extra fds" {
  set_args sh -c 'ls /proc/self/fd'
  run rt run --preserve-fds 2 --bundle "$BUNDLE" "$ID" 3</dev/null 4</dev/null
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 4 5 " ]
}

@test "the container has its own session keyring, unless --no-new-keyring" {
  update_config '.linux.maskedPaths -= ["/proc/keys"]'
  set_args sh -c 'grep -c "_ses\\.'"$ID"'" /proc/keys || true'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$output" = 1 ]
  set_args sh -c 'grep -c "_ses\\.'"$ID-nk"'" /proc/keys || true'
  run rt run --no-new-keyring --bundle "$BUNDLE" "$ID-nk"
  [ "$output" = 0 ]
}

@test "personality LINUX32 shows in uname -m" {
  requires_brownie # runc 1.1 has no personality
  update_config '.linux.personality = {"domain": "LINUX32"}'
  set_args uname -m
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$output" = i686 ]
}

@test "scheduler: policy and nice" {
  requires_brownie # runc 1.1 has no scheduler
  update_config '.process.scheduler = {"policy": "SCHED_BATCH", "nice": 7}'
  set_args sh -c 'grep -E "^policy" /proc/self/sched | tr -d " "; cut -d" " -f19 /proc/self/stat'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "policy:3" ]
  [ "${lines[1]}" = 7 ]
}

@test "ioPriority" {
  requires_brownie # runc 1.1 has no ioPriority
  update_config '.process.ioPriority = {"class": "IOPRIO_CLASS_IDLE", "priority": 0}'
  set_args ionice
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [[ "$output" == idle* ]]
}

@test "execCPUAffinity.final is the program's affinity" {
  requires_brownie # runc 1.1 has no execCPUAffinity
  update_config '.process.execCPUAffinity = {"initial": "0-'"$(($(nproc) - 1))"'", "final": "0"}'
  set_args sh -c 'grep Cpus_allowed_list /proc/self/status'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Cpus_allowed_list:	0" ]]
}

@test "linux.timeOffsets move the container's boottime and monotonic clocks" {
  requires_brownie # runc 1.1 has no time namespaces
  [ -e /proc/self/ns/time ] || skip "no time namespaces on this kernel"
  update_config '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"boottime": {"secs": 86400, "nanosecs": 0}, "monotonic": {"secs": 3600}}'
  set_args cut -d. -f1 /proc/uptime
  host=$(cut -d. -f1 /proc/uptime)
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$output" -ge $((host + 86400)) ]
  [ "$output" -lt $((host + 86400 + 60)) ]
}

@test "timeOffsets without a new time namespace are rejected" {
  requires_brownie
  update_config '.linux.timeOffsets = {"boottime": {"secs": 1}}'
  set_args true
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"linux.timeOffsets"* ]]
}

@test "memoryPolicy MPOL_BIND shows in numa_maps" {
  requires_brownie # runc 1.1 has no memoryPolicy
  [ -e /proc/self/numa_maps ] || skip "no NUMA support in this kernel"
  update_config '.linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": "0"}'
  set_args sh -c 'head -n 1 /proc/self/numa_maps'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [[ "$output" == *" bind:0 "* ]]
}
