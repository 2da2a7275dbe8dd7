#!/usr/bin/env bats
# linux.resources.rdma on a software RDMA device: the VM's init adds rxe0 (soft-RoCE, rdma_rxe) on a dummy
# link. Runs in both boots: rdma.max of the container's cgroup in the unified hierarchy (v2) or in the
# rdma hierarchy (v1), set from config.json and by update, read back from outside and from inside.

load ../integration/helpers

setup() {
  [ -e /sys/class/infiniband/rxe0 ] || skip "no rxe0 RDMA device in this VM"
  setup_bundle
  set_args sleep 100
  export WAIT_TRIES=150 # TCG is slow
}
teardown() { teardown_bundle; }

# The rdma controller's directory of the container, and where the container sees it.
rdma_dir() {
  if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
    echo "/sys/fs/cgroup$CGROUP_PARENT/$ID"
  else
    echo "/sys/fs/cgroup/rdma$CGROUP_PARENT/$ID"
  fi
}
inner_rdma_max() {
  if [ -e /sys/fs/cgroup/cgroup.controllers ]; then echo /sys/fs/cgroup/rdma.max; else echo /sys/fs/cgroup/rdma/rdma.max; fi
}
# the device's line (the kernel ends it with a space)
rdma_line() { grep "^rxe0 " "$(rdma_dir)/rdma.max" | sed 's/ *$//'; }

@test "rdma: hcaHandles and hcaObjects to the device's line of rdma.max, seen inside; update changes what it names" {
  update_config '.linux.namespaces += [{"type": "cgroup"}]
    | .linux.resources.rdma = {"rxe0": {"hcaHandles": 2, "hcaObjects": 10}}'
  run_detached
  [ "$(rdma_line)" = "rxe0 hca_handle=2 hca_object=10" ]
  [ "$(rt_t exec "$ID" grep "^rxe0 " "$(inner_rdma_max)" | sed 's/ *$//')" = "rxe0 hca_handle=2 hca_object=10" ]
  rt_t update -r - "$ID" <<<'{"rdma": {"rxe0": {"hcaObjects": 20}}}'
  [ "$(rdma_line)" = "rxe0 hca_handle=2 hca_object=20" ] # the handles kept, as runc writes only what is given
  rt_t update -r - "$ID" <<<'{"rdma": {"rxe0": {"hcaHandles": 5, "hcaObjects": 7}}}'
  [ "$(rdma_line)" = "rxe0 hca_handle=5 hca_object=7" ]
}

@test "rdma: a device the host does not have is an error naming the field, and nothing is left" {
  update_config '.linux.resources.rdma = {"nosuchdev0": {"hcaHandles": 1}}'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"linux.resources.rdma"* ]]
  [ -z "$(test_containers "$ROOT")" ]
  [ ! -d "$(rdma_dir)" ]
}

@test "features says rdma is supported" {
  [ "$(rt features | jq -r .linux.cgroup.rdma)" = true ]
}
