#!/usr/bin/env bats
# The command line: runc's flag spellings, help, version, logs, output shapes compared with runc.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

@test "--flag=value, --flag value, -flag value and -b all name the bundle" {
  set_args true
  for form in "--bundle=$BUNDLE" "--bundle $BUNDLE" "-bundle $BUNDLE" "-b $BUNDLE"; do
    # shellcheck disable=SC2086
    run rt run $form "$ID"
    [ "$status" -eq 0 ]
  done
}

@test "every command has --help and exits 0" {
  for cmd in create start run state kill delete list spec exec; do
    run rt "$cmd" --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"USAGE"* ]]
  done
  run rt --help
  [ "$status" -eq 0 ]
}

@test "--version prints the version, commit and spec lines" {
  run rt --version
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" =~ ^[a-z]+\ version\ [0-9] ]]
  [[ "${lines[1]}" == commit:* ]]
  [[ "${lines[2]}" == spec:\ 1.* ]]
  run rt -v
  [ "$status" -eq 0 ]
}

@test "unknown commands and flags fail" {
  run rt no-such-command
  [ "$status" -ne 0 ]
  run rt create --no-such-flag x
  [ "$status" -ne 0 ]
  run rt --no-such-global list
  [ "$status" -ne 0 ]
  run rt start
  [ "$status" -ne 0 ]
  [[ "$output" == *"requires exactly 1 argument"* ]]
}

@test "--log with --log-format json writes JSON lines with level, msg and time" {
  run rt --log "$TEST_TMP/log.json" --log-format json state no-such-container
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not exist"* ]]
  line=$(tail -n 1 "$TEST_TMP/log.json")
  [ "$(echo "$line" | jq -r .level)" = error ]
  [[ "$(echo "$line" | jq -r .msg)" == *"does not exist"* ]]
  [ -n "$(echo "$line" | jq -r .time)" ]
  # the same keys as runc writes
  ref --log "$TEST_TMP/ref.json" --log-format json state no-such-container || true
  [ "$(tail -n 1 "$TEST_TMP/ref.json" | jq -c 'keys')" = "$(echo "$line" | jq -c 'keys')" ]
}

@test "state has runc's keys" {
  set_args sleep 100
  rt create --bundle "$BUNDLE" "$ID"
  mine=$(rt state "$ID" | jq -c 'keys')
  ref_bundle="$TEST_TMP/refbundle"
  mkdir -p "$ref_bundle"
  jq --arg r "$BUNDLE/rootfs" '.root.path = $r | .linux.cgroupsPath += "-ref"' "$BUNDLE/config.json" >"$ref_bundle/config.json"
  ref create --bundle "$ref_bundle" "$ID-ref" </dev/null >/dev/null 2>&1
  theirs=$(ref state "$ID-ref" | jq -c 'keys')
  ref delete -f "$ID-ref"
  [ "$mine" = "$theirs" ]
}

@test "state shows annotations" {
  update_config '.annotations = {"org.example.key": "value"}'
  set_args sleep 100
  rt create --bundle "$BUNDLE" "$ID"
  [ "$(rt state "$ID" | jq -r '.annotations["org.example.key"]')" = value ]
}

@test "list shows the table, -q the ids, -f json an array" {
  set_args sleep 100
  rt create --bundle "$BUNDLE" "$ID"
  run rt list
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" =~ ^ID\ +PID\ +STATUS\ +BUNDLE\ +CREATED\ +OWNER$ ]]
  [[ "${lines[1]}" == "$ID "*created*"$BUNDLE"* ]]
  run rt list -q
  [ "$output" = "$ID" ]
  run rt list -f json
  [ "$(echo "$output" | jq -r '.[0].id')" = "$ID" ]
  [ "$(echo "$output" | jq -r '.[0].status')" = created ]
}

@test "list of an empty root prints the header (table) and null (json), as runc" {
  run rt list
  [ "${lines[0]}" = "$(ref list | head -n 1)" ]
  run rt list -f json
  [ "$output" = "$(ref list -f json)" ]
}

@test "spec writes a config.json that refuses to be overwritten" {
  d="$TEST_TMP/specdir"
  mkdir -p "$d"
  run rt spec -b "$d"
  [ "$status" -eq 0 ]
  jq -e '.process.args == ["sh"] and .root.path == "rootfs"' "$d/config.json"
  run rt spec -b "$d"
  [ "$status" -ne 0 ]
  run rt spec --rootless -b "$TEST_TMP"
  [ "$status" -eq 0 ]
  jq -e '.linux.namespaces | map(.type) | index("user") != null' "$TEST_TMP/config.json"
}

@test "error messages keep the substrings containerd matches" {
  run rt state nope
  [[ "$output" == *"does not exist"* ]]
  run rt kill nope
  [[ "$output" == *"does not exist"* ]]
  set_args true
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for status_is "$ID" stopped
  run rt kill "$ID"
  [[ "$output" == *"not running"* ]]
}

@test "features prints features.md's JSON and claims nothing brownie cannot do" {
  requires_brownie # runc 1.1 prints an older shape
  run rt features
  [ "$status" -eq 0 ]
  echo "$output" | jq -e '.ociVersionMin == "1.0.0" and (.ociVersionMax | startswith("1."))'
  echo "$output" | jq -e '.hooks | length == 6'
  echo "$output" | jq -e '.mountOptions | index("rro") != null and index("idmap") == null'
  echo "$output" | jq -e '.linux.namespaces | index("pid") != null and index("user") != null'
  echo "$output" | jq -e '.linux.capabilities | index("CAP_SYS_ADMIN") != null'
  echo "$output" | jq -e '.linux.seccomp.enabled and (.linux.seccomp.actions | index("SCMP_ACT_NOTIFY") == null)'
  echo "$output" | jq -e '.linux.cgroup.systemd == false and .linux.apparmor.enabled == false'
  echo "$output" | jq -e '.linux.mountExtensions.idmap.enabled == false and .linux.netDevices.enabled == false'
}
