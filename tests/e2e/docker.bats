#!/usr/bin/env bats
# Docker (dockerd 20.10 on containerd 1.6, the io.containerd.runc.v2 shim) with $RT as the runtime.
load lib

@test "docker: run --rm echo" {
  run dk run --rm --runtime "$RT" "$E2E_IMAGE" echo hello
  [ "$status" -eq 0 ]
  [ "$output" = hello ]
}
