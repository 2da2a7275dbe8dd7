#!/usr/bin/env bats
# Hooks at the points runtime.md fixes, with the state on stdin, args, env and timeout.

load helpers

setup() {
  setup_bundle
  LOG="$TEST_TMP/hooks.log"
  # A hook that records its name, the state it got and its args/env.
  cat >"$TEST_TMP/hook.sh" <<HOOK
#!/bin/sh
state=\$(cat)
echo "\$1 \$(echo "\$state" | jq -c '{status, id, pid: (.pid // 0 | tostring | length > 0), bundle}') args=\$* env=\$HOOK_ENV uts=\$(hostname)" >> "$LOG"
HOOK
  chmod +x "$TEST_TMP/hook.sh"
}
teardown() { teardown_bundle; }

hook() { # hook NAME [extra JSON]: one hook entry
  echo '{"path": "'"$TEST_TMP/hook.sh"'", "args": ["hook.sh", "'"$1"'", "x"], "env": ["HOOK_ENV='"$1"'", "PATH=/usr/bin:/bin"]'"${2:-}"'}'
}

@test "every hook runs at its point, in order, with the state, args and env" {
  requires_brownie # runc 1.1 runs createContainer after pivot_root and passes other statuses
  update_config '.hostname = "inside" | .hooks = {
      "prestart": ['"$(hook prestart)"'],
      "createRuntime": ['"$(hook createRuntime)"'],
      "createContainer": ['"$(hook createContainer)"'],
      "startContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "cat > /tmp/start-state; hostname > /tmp/start-uts; echo \"$1\" > /tmp/start-args", "sh", "startarg"]}],
      "poststart": ['"$(hook poststart)"'],
      "poststop": ['"$(hook poststop)"']}'
  set_args sleep 100
  rt create --bundle "$BUNDLE" "$ID"
  [ "$(cut -d' ' -f1 "$LOG" | tr '\n' ' ')" = "prestart createRuntime createContainer " ]
  rt start "$ID"
  wait_for grep -q poststart "$LOG"
  rt delete -f "$ID"
  cat "$LOG"
  [ "$(cut -d' ' -f1 "$LOG" | tr '\n' ' ')" = "prestart createRuntime createContainer poststart poststop " ]
  grep -q '^prestart {"status":"created","id":"'"$ID"'"' "$LOG"
  grep -q '^createContainer {"status":"created"' "$LOG"
  # startContainer's path resolves in the container (runtime.md): it ran there, with the state on stdin
  [ "$(jq -r .status "$BUNDLE/rootfs/tmp/start-state")" = created ]
  [ "$(jq -r .id "$BUNDLE/rootfs/tmp/start-state")" = "$ID" ]
  [ "$(cat "$BUNDLE/rootfs/tmp/start-args")" = startarg ]
  [ "$(cat "$BUNDLE/rootfs/tmp/start-uts")" = inside ]
  grep -q '^poststart {"status":"running"' "$LOG"
  grep -q '^poststop {"status":"stopped"' "$LOG"
  grep -q "\"bundle\":\"$BUNDLE\"" "$LOG"
  grep -q '^prestart .* args=prestart x env=prestart' "$LOG"
  # createRuntime runs in the runtime's namespaces, startContainer in the container's
  grep -q "^createRuntime .* uts=$(hostname)\$" "$LOG"
  grep -q '^createContainer .* uts=inside$' "$LOG"
}

@test "createContainer hooks run in the rootfs (cwd), as runc runs them, whatever the caller's cwd" {
  mkdir -p "$BUNDLE/rootfs/lib"
  update_config '.hooks = {"createContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "pwd > ./lib/hook-cwd"]}]}'
  cd "$TEST_TMP"
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(cat "$BUNDLE/rootfs/lib/hook-cwd")" = "$(cd "$BUNDLE/rootfs" && pwd -P)" ]
}

@test "a hook killed by a signal: runc's \"error running hook\" and the signal in Go's words" {
  update_config '.hooks = {"prestart": [{"path": "/bin/true"}, {"path": "/bin/sh", "args": ["sh", "-c", "kill -SYS $$"]}]}'
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  echo "$output"
  [[ "$output" == *"error running hook #1"* ]]
  [[ "$output" == *"signal: bad system call"* ]]
  is_brownie || return 0
  [[ "$output" == *"error running hook #1 (prestart hook): hook "*"/bin/sh"*" killed by SIGSYS (signal: bad system call)"* ]]
}

@test "a failing prestart hook fails create and leaves nothing behind" {
  update_config '.hooks = {"prestart": [{"path": "/bin/false"}]}'
  set_args true
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ -z "$(ls -A "$ROOT")" ]
}

@test "a hook that outlives its timeout is killed and fails create" {
  update_config '.hooks = {"createRuntime": [{"path": "/bin/sleep", "args": ["sleep", "30"], "timeout": 1}]}'
  set_args true
  start=$(date +%s)
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ $(($(date +%s) - start)) -lt 10 ]
  if is_brownie; then [[ "$output" == *"timed out"* ]]; fi
  [ -z "$(ls -A "$ROOT")" ]
}

@test "a failing poststart hook does not fail start" {
  requires_brownie
  update_config '.hooks = {"poststart": [{"path": "/bin/false"}]}'
  set_args sleep 100
  rt create --bundle "$BUNDLE" "$ID"
  run_bg rt start "$ID"
  [ "$status" -eq 0 ]
  [ "$(container_status "$ID")" = running ]
}

@test "a failing poststop hook is reported, the others still run and delete succeeds" {
  requires_brownie
  # Hooks that exit without reading their stdin: the runtime must not die of SIGPIPE writing the state.
  quick=$(printf '{"path": "/bin/true"},%.0s' 1 2 3 4 5 6 7 8 9 10)
  update_config '.hooks = {"poststop": ['"$quick"' {"path": "/bin/false"}, '"$(hook poststop)"']}'
  set_args true
  rt run --bundle "$BUNDLE" "$ID" >"$TEST_TMP/out" 2>&1
  grep -q poststop "$LOG"
  grep -q "poststop hook" "$TEST_TMP/out"
  run rt state "$ID"
  [ "$status" -ne 0 ]
}

@test "a hook gets its stdio and no other fd: neither the runtime's nor one its caller left open" {
  # The shell's stdout goes to the file first and ls runs as its child (the trailing `:`), so the shell
  # holds no pipe, no saved stdout, and no directory of its own while ls looks at its fds.
  update_config '.hooks = {"prestart": [{"path": "/bin/sh", "args": ["sh", "-c",
      "exec > '"$TEST_TMP"'/fds; ls /proc/$$/fd; :"]}]}'
  # fd 7 open without close-on-exec, as a careless caller could leave it.
  run_bg bash -c 'exec 7<"$1"; shift; "$@"' _ /etc/hostname "$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  save_container_pids "$ID"
  [ "$(sort -n "$TEST_TMP/fds" | tr '\n' ' ')" = "0 1 2 " ]
}
