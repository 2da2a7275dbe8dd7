#!/usr/bin/env bats
# CDI devices resolved by brownie itself: a spec of the test's own (never the host's /etc/cdi or
# /var/run/cdi) exposes the host's /dev/kmsg (1:11), which the default device cgroup denies, as
# /dev/cdi-kmsg, with a file mount, env and a createContainer hook; the same as YAML; every error, with
# nothing left. /dev/net/tun, the issue's example, is in the default allow list (runc's too), so it
# would open without the spec; /dev/kmsg is opened write-only (no CAP_SYSLOG needed, nothing written).

load helpers

setup() {
  is_brownie || skip "runc has no CDI of its own (nvidia-container-runtime does it around runc)"
  [ -c /dev/kmsg ] || skip "no /dev/kmsg on this host"
  setup_bundle
  SPECS="$TEST_TMP/cdi"
  mkdir -p "$SPECS"
  echo "from the host" >"$TEST_TMP/cdi-file"
  HOOK_LOG="$TEST_TMP/hook.log"
  cat >"$TEST_TMP/hook.sh" <<HOOK
#!/bin/sh
echo "\$1 \$(hostname)" >> "$HOOK_LOG"
HOOK
  chmod +x "$TEST_TMP/hook.sh"
  update_config '.hostname = "cdi-inside" | .process.env += ["CDI_ENV=from-config"]'
  KMSG_NUMBERS=$(stat -c '%t:%T' /dev/kmsg)
}
teardown() { teardown_bundle; }

# The spec as JSON (kind example.com/net, devices "kmsg" and "other").
write_json_spec() {
  cat >"$SPECS/${1:-example}.json" <<EOF
{
  "cdiVersion": "0.6.0",
  "kind": "example.com/net",
  "devices": [
    {"name": "kmsg", "containerEdits": {
      "deviceNodes": [{"path": "/dev/cdi-kmsg", "hostPath": "/dev/kmsg", "permissions": "rw"}],
      "env": ["CDI_ENV=from-device", "CDI_DEVICE=kmsg"]}},
    {"name": "other", "containerEdits": {"env": ["CDI_OTHER=1"]}}
  ],
  "containerEdits": {
    "env": ["CDI_SPEC=yes"],
    "mounts": [{"hostPath": "$TEST_TMP/cdi-file", "containerPath": "/cdi/file", "options": ["ro", "nosuid", "nodev", "bind"]}],
    "hooks": [{"hookName": "createContainer", "path": "$TEST_TMP/hook.sh", "args": ["hook.sh", "createContainer"]},
              {"hookName": "poststop", "path": "$TEST_TMP/hook.sh", "args": ["hook.sh", "poststop"]}]
  }
}
EOF
}

# The same spec as YAML (kind example.com/yaml).
write_yaml_spec() {
  cat >"$SPECS/example.yaml" <<EOF
cdiVersion: 0.5.0
kind: example.com/yaml
devices:
  - name: kmsg
    containerEdits:
      deviceNodes:
        - path: /dev/cdi-kmsg
          hostPath: /dev/kmsg
          fileMode: 0666
      env:
        - CDI_ENV=from-device
        - CDI_DEVICE=kmsg
containerEdits:
  env: [CDI_SPEC=yes]
  mounts:
    - hostPath: $TEST_TMP/cdi-file
      containerPath: /cdi/file
      options: [ro, nosuid, nodev, bind]
  hooks:
    - hookName: createContainer
      path: $TEST_TMP/hook.sh
      args: [hook.sh, createContainer]
EOF
}

# What the container reports: the node's numbers, whether it opens, the mount and the env.
probe_args() {
  set_args sh -c 'echo "nums=$(stat -c %t:%T /dev/cdi-kmsg)"; if (exec 3>/dev/cdi-kmsg); then echo open=ok; else echo open=denied; fi
    echo "file=$(cat /cdi/file)"; echo "env=$CDI_ENV,$CDI_DEVICE,$CDI_SPEC"'
}

check_probe() {
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"nums=$KMSG_NUMBERS"* ]]
  [[ "$output" == *"open=ok"* ]]
  [[ "$output" == *"file=from the host"* ]]
  [[ "$output" == *"env=from-device,kmsg,yes"* ]]
  [ "$(head -1 "$HOOK_LOG")" = "createContainer cdi-inside" ]
}

@test "cdi: --device with a JSON spec: the node (host numbers, opens), the mount, the env, the createContainer hook" {
  write_json_spec
  probe_args
  before=$(sha256sum <"$BUNDLE/config.json")
  run rt_t --cdi-spec-dir "$SPECS" run --device example.com/net=kmsg --bundle "$BUNDLE" "$ID" </dev/null
  check_probe
  # the hook ran in the container's namespaces; poststop ran at run's delete
  grep -q "^poststop " "$HOOK_LOG"
  # the bundle's config.json was not written
  [ "$(sha256sum <"$BUNDLE/config.json")" = "$before" ]
}

@test "cdi: without the spec the same node cannot be opened (the default device cgroup denies it)" {
  update_config '.linux.devices += [{"path": "/dev/cdi-kmsg", "type": "c", "major": 1, "minor": 11}]'
  set_args sh -c 'echo "nums=$(stat -c %t:%T /dev/cdi-kmsg)"; if (exec 3>/dev/cdi-kmsg); then echo open=ok; else echo open=denied; fi'
  run_container
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"nums=1:b"* ]]
  [[ "$output" == *"open=denied"* ]]
}

@test "cdi: the same spec as YAML, asked for by a cdi.k8s.io annotation, dirs from BROWNIE_CDI_SPEC_DIRS" {
  write_yaml_spec
  probe_args
  update_config '.annotations["cdi.k8s.io/test"] = "example.com/yaml=kmsg"'
  BROWNIE_CDI_SPEC_DIRS="$TEST_TMP/none:$SPECS" run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  check_probe
}

@test "cdi: state records the devices; exec and delete see the edits (env, poststop hook)" {
  write_json_spec
  set_args sleep 100
  update_config '.annotations["cdi.k8s.io/a"] = "example.com/net=kmsg, example.com/net=other"'
  run_bg rt_t --cdi-spec-dir "$SPECS" run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  save_container_pids "$ID"
  rt state "$ID" | jq -e '.annotations["org.brownie.cdi.devices"] == "example.com/net=kmsg,example.com/net=other"'
  # exec's process is the container's: the env the specs gave (the spec dir is not even needed now)
  run rt_t exec "$ID" sh -c 'echo "$CDI_ENV $CDI_OTHER $CDI_SPEC"'
  [ "$output" = "from-device 1 yes" ]
  rt delete -f "$ID"
  grep -q '^poststop ' "$HOOK_LOG"
}

@test "cdi: extra annotation prefixes (NVIDIA's nvidia.cdi.k8s.io/) by flag and by environment" {
  write_json_spec
  set_args sh -c 'echo "$CDI_DEVICE"'
  update_config '.annotations["nvidia.cdi.k8s.io/gpu"] = "example.com/net=kmsg"'
  run rt_t --cdi-spec-dir "$SPECS" --cdi-annotation-prefix nvidia.cdi.k8s.io/ run --bundle "$BUNDLE" "$ID" </dev/null
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = kmsg ]
  BROWNIE_CDI_ANNOTATION_PREFIXES=nvidia.cdi.k8s.io/ run rt_t --cdi-spec-dir "$SPECS" run --bundle "$BUNDLE" "$ID" </dev/null
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = kmsg ]
  # without the prefix the annotation is not CDI's: nothing injected
  run rt_t --cdi-spec-dir "$SPECS" run --bundle "$BUNDLE" "$ID" </dev/null
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "cdi list: the devices the specs offer; a malformed spec is one line naming file and field, the others still used" {
  write_json_spec
  write_yaml_spec
  echo '{"cdiVersion": "0.6.0", "kind": "example.com/bad", "devices": [{"name": "-x", "containerEdits": {"env": ["A=1"]}}]}' >"$SPECS/bad.json"
  run_bg rt --cdi-spec-dir "$SPECS" cdi list
  [ "$status" -eq 0 ]
  [ "$stdout" = "$(printf 'example.com/net=kmsg\nexample.com/net=other\nexample.com/yaml=kmsg')" ]
  [ "$(echo "$stderr" | wc -l)" -eq 1 ]
  [[ "$stderr" == *"$SPECS/bad.json: devices[0].name: invalid device name"* ]]
  # and a container still gets its device from the good specs
  set_args sh -c 'echo "$CDI_DEVICE"'
  run rt_t --cdi-spec-dir "$SPECS" run --device example.com/yaml=kmsg --bundle "$BUNDLE" "$ID" </dev/null
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = kmsg ]
}

@test "cdi: a later spec directory wins" {
  write_json_spec
  mkdir -p "$TEST_TMP/later"
  sed 's/CDI_DEVICE=kmsg/CDI_DEVICE=later/' "$SPECS/example.json" >"$TEST_TMP/later/example.json"
  set_args sh -c 'echo "$CDI_DEVICE"'
  run rt_t --cdi-spec-dir "$SPECS" --cdi-spec-dir "$TEST_TMP/later" run --device example.com/net=kmsg --bundle "$BUNDLE" "$ID" </dev/null
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = later ]
}

@test "cdi: the default directories, without flag or environment (a tmpfs over /run in a private mount namespace)" {
  write_json_spec
  set_args sh -c 'echo "$CDI_DEVICE"'
  # Nothing of the host's is written: /var/run/cdi (/run/cdi) and /etc/cdi, if there is one, are tmpfs
  # mounts of this namespace only, gone with it.
  run env -u BROWNIE_CDI_SPEC_DIRS unshare -m --propagation private sh -c '
    mount -t tmpfs -o size=1m tmpfs /run && mkdir /run/cdi && cp "$1/example.json" /run/cdi/ || exit 9
    if [ -d /etc/cdi ]; then mount -t tmpfs -o size=1m tmpfs /etc/cdi || exit 9; fi
    "$2" --root "$3" cdi list && "$2" --root "$3" run --device example.com/net=kmsg --bundle "$4" "$5" </dev/null' \
    sh "$SPECS" "$RUNTIME" "$ROOT" "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf 'example.com/net=kmsg\nexample.com/net=other\nkmsg')" ]
}

# expect_error MESSAGE CREATE-ARGS...: create fails with one line holding MESSAGE, and leaves nothing.
expect_error() {
  local msg="$1"
  shift
  run_bg rt_t "$@" --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"$msg"* ]]
  [ -z "$(nothing_left "$ID")" ]
  [ ! -e "$HOOK_LOG" ]
}

@test "cdi errors: an unknown device names it and the directories searched" {
  write_json_spec
  expect_error "unknown CDI device \\\"example.com/net=nope\\\" (no spec in $SPECS, $TEST_TMP/none defines it)" \
    --cdi-spec-dir "$SPECS" --cdi-spec-dir "$TEST_TMP/none" create --device example.com/net=nope
}

@test "cdi errors: a name that is not fully qualified" {
  write_json_spec
  expect_error 'CDI device \"tun\": not a fully-qualified name (vendor.com/class=name)' \
    --cdi-spec-dir "$SPECS" create --device tun
  update_config '.annotations["cdi.k8s.io/x"] = "example.com/net"'
  expect_error 'annotations[\"cdi.k8s.io/x\"]: CDI device \"example.com/net\": not a fully-qualified name' \
    --cdi-spec-dir "$SPECS" create
}

@test "cdi errors: two specs of one directory defining the same device" {
  write_json_spec
  cp "$SPECS/example.json" "$SPECS/copy.json"
  expect_error "CDI device \\\"example.com/net=kmsg\\\" is defined by two specs: \\\"$SPECS/copy.json\\\" and \\\"$SPECS/example.json\\\"" \
    --cdi-spec-dir "$SPECS" create --device example.com/net=kmsg
}

@test "cdi errors: an edit colliding with a mount or a device the config has at that path" {
  write_json_spec
  update_config '.mounts += [{"destination": "/cdi/file", "type": "tmpfs", "source": "tmpfs"}]'
  expect_error 'mount \"/cdi/file\": the config already has a mount at that path' \
    --cdi-spec-dir "$SPECS" create --device example.com/net=kmsg
  update_config 'del(.mounts[-1]) | .linux.devices += [{"path": "/dev/cdi-kmsg", "type": "c", "major": 1, "minor": 3}]'
  expect_error 'device node \"/dev/cdi-kmsg\": the config already has a device at that path' \
    --cdi-spec-dir "$SPECS" create --device example.com/net=kmsg
}

@test "cdi errors: a device node missing on the host" {
  write_json_spec
  sed -i 's|"/dev/kmsg"|"/dev/cdi-test-missing"|' "$SPECS/example.json"
  expect_error 'device node \"/dev/cdi-kmsg\": stat \"/dev/cdi-test-missing\": no such file or directory' \
    --cdi-spec-dir "$SPECS" create --device example.com/net=kmsg
}

@test "features says CDI is supported" {
  run rt features
  [ "$status" -eq 0 ]
  echo "$output" | jq -e '.annotations["org.brownie.cdi.enabled"] == "true"'
}
