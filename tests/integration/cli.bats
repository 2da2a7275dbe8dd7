#!/usr/bin/env bats
# The command line: runc's flag spellings, help, version, logs, global options, spec.

load helpers

@test "flags: --flag=value, --flag value, -flag value and the short -b all name the bundle" {
  set_args true
  for form in "--bundle=$BUNDLE" "--bundle $BUNDLE" "-bundle $BUNDLE" "-bundle=$BUNDLE" "-b $BUNDLE"; do
    # shellcheck disable=SC2086
    run rt_t run $form "$ID" </dev/null
    echo "$form: $status $output"
    [ "$status" -eq 0 ]
  done
}

@test "flags: create's --pid-file in every spelling" {
  set_args sleep 100
  for form in "--pid-file=$TEST_TMP/p1" "--pid-file $TEST_TMP/p2" "-pid-file $TEST_TMP/p3"; do
    n=${form##*/p}
    # shellcheck disable=SC2086
    run_bg rt create $form --bundle "$(bundle_for "$n")" "$ID-$n"
    [ "$status" -eq 0 ]
    save_container_pids "$ID-$n"
    [ "$(cat "$TEST_TMP/p$n")" = "$(init_pid "$ID-$n")" ]
  done
}

@test "global options: --root DIR, --root=DIR and -root DIR choose the state directory" {
  set_args sleep 100
  run_bg "$RUNTIME" --root="$ROOT" create --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  save_container_pids "$ID"
  [ -d "$ROOT/$ID" ]
  run "$RUNTIME" -root "$ROOT" state "$ID"
  [ "$status" -eq 0 ]
  run "$RUNTIME" --root "$TEST_TMP/other-root" state "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not exist"* ]]
  run "$RUNTIME" --root "$TEST_TMP/other-root" list -q
  [ "$output" = "" ]
}

@test "--help and -h of every command exit 0" {
  for cmd in create start run state kill delete list spec exec pause resume ps update events features; do
    run rt "$cmd" --help
    echo "$cmd --help: $status"
    [ "$status" -eq 0 ]
    [[ "$output" == *"$cmd"* ]]
    run rt "$cmd" -h
    [ "$status" -eq 0 ]
  done
  run rt --help
  [ "$status" -eq 0 ]
  run rt help
  [ "$status" -eq 0 ]
}

@test "-v and --version: name version X, commit:, spec: lines" {
  for flag in -v --version; do
    run rt "$flag"
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" =~ ^[a-z]+\ version\ [0-9]+\.[0-9]+ ]]
    [[ "${lines[1]}" =~ ^commit:\ . ]]
    [[ "${lines[2]}" =~ ^spec:\ 1\.[0-9]+\.[0-9]+ ]]
  done
}

@test "--version prints exactly three lines" {
  requires_brownie # brownie-only: runc adds go and libseccomp lines
  run rt --version
  [ "${#lines[@]}" -eq 3 ]
  [[ "${lines[0]}" == "brownie version "* ]]
}

@test "unknown commands and flags exit non-zero, as runc" {
  run rt no-such-command
  [ "$status" -eq 3 ] # runc's (urfave/cli's) status and words
  [[ "$output" == *"No help topic for 'no-such-command'"* ]]
  run rt no-such-command -h
  [ "$status" -eq 3 ]
  [[ "$output" == *"No help topic for 'no-such-command'"* ]]
  run rt create --no-such-flag "$ID"
  [ "$status" -ne 0 ]
  run rt --no-such-global list
  [ "$status" -ne 0 ]
  run rt state
  [ "$status" -ne 0 ]
  run rt start
  [ "$status" -ne 0 ]
  [[ "$output" == *'requires exactly 1 argument'* ]]
  run rt state a b
  [ "$status" -ne 0 ]
  run rt kill
  [ "$status" -ne 0 ]
  nothing_left "$ID"
}

@test "--log FILE --log-format json: JSON lines with level, msg and time, as runc writes" {
  run rt --log "$TEST_TMP/log.json" --log-format json state "$ID-unknown"
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not exist"* ]]
  line=$(tail -n 1 "$TEST_TMP/log.json")
  jq -e . <<<"$line"
  [ "$(jq -r .level <<<"$line")" = error ]
  [[ "$(jq -r .msg <<<"$line")" == *"does not exist"* ]]
  [[ "$(jq -r .time <<<"$line")" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2} ]]
  # every line is JSON
  jq -e . "$TEST_TMP/log.json" >/dev/null
  # the same keys as runc's
  run ref --log "$TEST_TMP/ref.json" --log-format json state "$ID-unknown"
  [ "$status" -ne 0 ]
  [ "$(tail -n 1 "$TEST_TMP/ref.json" | jq -c 'keys')" = "$(jq -c 'keys' <<<"$line")" ]
}

@test "--log FILE in the default text format names the error" {
  run rt --log "$TEST_TMP/log.txt" state "$ID-unknown"
  [ "$status" -ne 0 ]
  grep -q 'level=error' "$TEST_TMP/log.txt"
  grep -q 'does not exist' "$TEST_TMP/log.txt"
}

@test "--debug is accepted" {
  set_args true
  run rt_t --debug run --bundle "$BUNDLE" "$ID" </dev/null
  [ "$status" -eq 0 ]
}

@test "spec writes a config.json with args sh, refuses to overwrite it; --rootless adds a user namespace" {
  d="$TEST_TMP/specdir"
  mkdir -p "$d"
  run rt spec -b "$d"
  [ "$status" -eq 0 ]
  jq -e '.process.args == ["sh"] and .root.path == "rootfs" and .process.terminal == true' "$d/config.json"
  jq -e '.linux.namespaces | map(.type) | (index("pid") != null and index("mount") != null)' "$d/config.json"
  run rt spec --bundle "$d"
  [ "$status" -ne 0 ]
  mkdir -p "$d/rootless"
  run rt spec --rootless -b "$d/rootless"
  [ "$status" -eq 0 ]
  jq -e '.linux.namespaces | map(.type) | index("user") != null' "$d/rootless/config.json"
  jq -e '.linux.uidMappings | length == 1' "$d/rootless/config.json"
}

@test "spec's config has the keys of runc's" {
  d="$TEST_TMP/specdir"
  mkdir -p "$d/mine" "$d/runc"
  (cd "$d/mine" && "$RUNTIME" spec)
  (cd "$d/runc" && "$REFERENCE" spec)
  for path in . .process .root .linux; do
    mine=$(jq -c "$path | keys" "$d/mine/config.json")
    theirs=$(jq -c "$path | keys" "$d/runc/config.json")
    echo "$path: $mine vs $theirs"
    # everything runc writes is there (brownie may add newer fields)
    jq -e -n --argjson m "$mine" --argjson t "$theirs" '$t - $m == []'
  done
}
