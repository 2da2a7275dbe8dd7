#!/usr/bin/env bats
# linux.seccomp: a blocked syscall returns the errno asked for; the filter shows in /proc/self/status.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

@test "a syscall blocked with SCMP_ACT_ERRNO returns errnoRet, and the filter is in place" {
  update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}'
  set_args sh -c 'grep -E "^Seccomp:|^Seccomp_filters:" /proc/self/status; pwd; cd /tmp && /bin/pwd -P 2>&1; echo rc=$?'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == *"Seccomp:	2" ]]
  [[ "${lines[1]}" == *"Seccomp_filters:	1" ]]
  [[ "$output" == *"Permission denied"* ]]
}

@test "a blocked getcwd does not break the runtime, with or without noNewPrivileges" {
  requires_brownie # runc 1.1 fails here (its init calls getcwd after the filter is loaded)
  for nnp in true false; do
    update_config '.process.noNewPrivileges = '"$nnp"' | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ERRNO"}]}'
    set_args true
    run rt run --bundle "$BUNDLE" "$ID"
    [ "$status" -eq 0 ]
  done
}

@test "startContainer hooks run under the container's filter, as runc runs them, with or without noNewPrivileges" {
  for nnp in true false; do
    update_config '.process.noNewPrivileges = '"$nnp"' | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
      | .hooks = {"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "mkdir /tmp/by-hook"]}]}'
    set_args true
    run rt run --bundle "$BUNDLE" "$ID"
    [ "$status" -ne 0 ]
    [ ! -e "$BUNDLE/rootfs/tmp/by-hook" ]
    rt delete -f "$ID" 2>/dev/null || true
  done
}

@test "a syscall newer than every one the profile names gets ENOSYS, not the default action, as runc" {
  unistd=/usr/include/x86_64-linux-gnu/asm/unistd_64.h
  [ "$(uname -m)" = x86_64 ] && [ -e "$unistd" ] || skip "x86_64 with its syscall table header only"
  cp "${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/rawsyscall" "$BUNDLE/rootfs/bin/rawsyscall"
  # allowed: every x86_64 syscall up to 400 but acct (163); the default refuses with EPERM
  allow=$(awk '$1 == "#define" && $2 ~ /^__NR_/ && $3 <= 400 && $2 != "__NR_acct" { sub("__NR_", "", $2); print $2 }' \
    "$unistd" | jq -R . | jq -s -c .)
  update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
      "syscalls": [{"names": '"$allow"', "action": "SCMP_ACT_ALLOW"}]}'
  set_args /bin/rawsyscall 39 163 435 1000
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "39 ok" ]         # getpid: allowed
  [ "${lines[1]}" = "163 errno 1" ]   # acct: older than what the profile names, so the default (EPERM)
  [ "${lines[2]}" = "435 errno 38" ]  # clone3: newer, ENOSYS (glibc then falls back to clone)
  [ "${lines[3]}" = "1000 errno 38" ] # no such syscall yet: ENOSYS too
}

@test "argument conditions: setpriority to 10 denied, to 5 allowed" {
  update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["setpriority"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "args": [{"index": 2, "value": 10, "op": "SCMP_CMP_EQ"}]}]}'
  set_args sh -c 'renice -n 10 -p $$ >/dev/null 2>&1 || echo ten-denied; renice -n 5 -p $$ >/dev/null 2>&1 && echo five-ok'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [[ "$output" == *five-ok* ]]
  [[ "$output" == *ten-denied* ]]
}

@test "unknown syscall names on this architecture are skipped, as runc does" {
  update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["no_such_syscall_xyz", "getcwd"], "action": "SCMP_ACT_ERRNO"}]}'
  set_args true
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
}

@test "a default-deny profile as large as Docker's loads and the container runs" {
  # Allow-list of about 300 syscalls with a few argument filters, built here (no network to fetch one).
  names=$(awk '/^#define __NR_/ {sub("__NR_", "", $2); print $2}' /usr/include/x86_64-linux-gnu/asm/unistd_64.h | head -n 330 | jq -R . | jq -s -c .)
  update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [{"names": '"$names"', "action": "SCMP_ACT_ALLOW"},
                 {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]},
                 {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
                 {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ", "valueTwo": 0}]}]}'
  set_args sh -c 'echo inside; grep ^Seccomp: /proc/self/status'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = inside ]
  [[ "${lines[1]}" == *2 ]]
}

@test "a profile that denies what the runtime itself calls late (close_range, clone3) does not break create" {
  for nnp in false true; do
    update_config '.process.noNewPrivileges = '"$nnp"' | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["close_range", "clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
      | .hooks = {"startContainer": [{"path": "/bin/true"}]}'
    set_args sh -c 'ls /proc/self/fd | tr "\n" " "'
    run rt run --bundle "$BUNDLE" "$ID"
    [ "$status" -eq 0 ]
    [ "$output" = "0 1 2 3 " ]
  done
}

@test "loading a filter leaves no_new_privs as process.noNewPrivileges says" {
  update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]}'
  for nnp in false true; do
    update_config '.process.noNewPrivileges = ($v == "true")' --arg v "$nnp"
    set_cmd 'grep NoNewPrivs /proc/self/status | tr -d " \t"; grep -c . /proc/self/status >/dev/null'
    run_container
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "NoNewPrivs:$([ "$nnp" = true ] && echo 1 || echo 0)" ]
    rt delete -f "$ID" >/dev/null 2>&1 || true
  done
}
