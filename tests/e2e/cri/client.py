#!/usr/bin/python3
"""A minimal CRI v1 client for the e2e suite: the calls the kubelet makes to run a pod, one per subcommand.

    client.py [--socket unix://PATH] COMMAND ARGS...

    version                         Version: "runtime_name runtime_version runtime_api_version"
    runp NAME HANDLER CGROUP_PARENT LOG_DIR [--hostname H] [--label K=V]...
                                    RunPodSandbox; prints the pod id (pid namespace per container, as
                                    the kubelet asks; network and IPC the pod's)
    inspectp POD                    PodSandboxStatus, verbose: the response as JSON, with "info.info"
                                    (containerd's JSON: pid, runtime options, OCI spec) parsed
    pods [--label K=V]...           ListPodSandbox: the items as JSON
    create POD NAME IMAGE [--pid-pod] [RESOURCES] -- CMD...
                                    CreateContainer (the pod's config as runp stored it); prints the id
    update ID RESOURCES             UpdateContainerResources
        RESOURCES: --cpu-period N --cpu-quota N --cpu-shares N --memory BYTES --oom-score-adj N
                   --cpuset-cpus LIST --cpuset-mems LIST (each optional; unset ones are sent as 0 or "")
    start ID                        StartContainer
    exec ID [--timeout S] -- CMD... ExecSync: its stdout and stderr, its exit code as ours
    inspect ID                      ContainerStatus, verbose: as inspectp
    ps [--pod POD]                  ListContainers: the containers as JSON
    stop ID [TIMEOUT]               StopContainer
    rm ID                           RemoveContainer
    stopp POD                       StopPodSandbox
    rmp POD                         RemovePodSandbox

The messages come from cri.proto next to this file, compiled at first use with python3-grpc-tools'
protoc into a descriptor set ($E2E_TMP/cri/cri.pb) and built at run time by protobuf's descriptor pool,
so no generated Python is needed (protoc 3.5's generated code and protobuf 4's runtimes need not agree).
The pod configs runp sent are kept as JSON in $E2E_TMP/cri/pods/, for create's sandbox_config.
"""
import argparse
import json
import os
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

HERE = os.path.dirname(os.path.abspath(__file__))
TMP = os.environ.get("E2E_TMP", "/tmp")
STATE = os.path.join(TMP, "cri")
SERVICE = "runtime.v1.RuntimeService"


def descriptors():
    """The FileDescriptorSet of cri.proto, compiled once per run."""
    out = os.path.join(STATE, "cri.pb")
    if not os.path.exists(out):
        from grpc_tools import protoc

        os.makedirs(STATE, exist_ok=True)
        tmp = "%s.%d" % (out, os.getpid())
        rc = protoc.main(["protoc", "-I" + HERE, "--descriptor_set_out=" + tmp, "cri.proto"])
        if rc != 0:
            sys.exit("cri: protoc failed on %s/cri.proto" % HERE)
        os.rename(tmp, out)
    fds = descriptor_pb2.FileDescriptorSet()
    with open(out, "rb") as f:
        fds.ParseFromString(f.read())
    return fds


class Cri:
    def __init__(self, target):
        fds = descriptors()
        pool = descriptor_pool.DescriptorPool()
        for fd in fds.file:
            pool.Add(fd)
        self.pool = pool
        self.classes = {}
        self.service = pool.FindServiceByName(SERVICE)
        self.channel = grpc.insecure_channel(target)

    def cls(self, full_name):
        if full_name not in self.classes:
            d = self.pool.FindMessageTypeByName(full_name)
            if hasattr(message_factory, "GetMessageClass"):  # protobuf >= 4.22
                self.classes[full_name] = message_factory.GetMessageClass(d)
            else:
                if not hasattr(self, "factory"):
                    self.factory = message_factory.MessageFactory(self.pool)
                self.classes[full_name] = self.factory.GetPrototype(d)
        return self.classes[full_name]

    def new(self, type_name, **fields):
        return self.cls("runtime.v1." + type_name)(**fields)

    def call(self, method, request, timeout=60):
        m = self.service.methods_by_name[method]
        stub = self.channel.unary_unary(
            "/%s/%s" % (SERVICE, method),
            request_serializer=lambda r: r.SerializeToString(),
            response_deserializer=self.cls(m.output_type.full_name).FromString,
        )
        try:
            return stub(request, timeout=timeout)
        except grpc.RpcError as e:
            sys.exit("cri: %s: %s: %s" % (method, e.code().name, e.details()))


def to_json(m):
    return json_format.MessageToDict(m, preserving_proto_field_name=True, including_default_value_fields=True)


def with_info(d):
    """Verbose status: containerd puts its JSON under info["info"]; parse it in place."""
    info = d.get("info", {})
    for k, v in info.items():
        try:
            info[k] = json.loads(v)
        except ValueError:
            pass
    return d


def labels(pairs):
    return dict(p.split("=", 1) for p in pairs or [])


RESOURCES = (
    ("cpu_period", int),
    ("cpu_quota", int),
    ("cpu_shares", int),
    ("memory_limit_in_bytes", int),
    ("oom_score_adj", int),
    ("cpuset_cpus", str),
    ("cpuset_mems", str),
)


def resource_args(s):
    for field, kind in RESOURCES:
        flag = "--memory" if field == "memory_limit_in_bytes" else "--" + field.replace("_", "-")
        s.add_argument(flag, dest=field, type=kind)


def resources(c, a):
    return c.new("LinuxContainerResources", **{f: getattr(a, f) for f, _ in RESOURCES if getattr(a, f) is not None})


def pod_file(pod):
    return os.path.join(STATE, "pods", pod + ".json")


def main():
    p = argparse.ArgumentParser(prog="client.py")
    p.add_argument("--socket", default="unix://%s/containerd.sock" % TMP)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("version")
    s = sub.add_parser("runp")
    s.add_argument("name")
    s.add_argument("handler")
    s.add_argument("cgroup_parent")
    s.add_argument("log_dir")
    s.add_argument("--hostname", default="")
    s.add_argument("--label", action="append")
    s = sub.add_parser("inspectp")
    s.add_argument("pod")
    s = sub.add_parser("pods")
    s.add_argument("--label", action="append")
    s = sub.add_parser("create")
    s.add_argument("pod")
    s.add_argument("name")
    s.add_argument("image")
    s.add_argument("--pid-pod", action="store_true")
    s.add_argument("--annotation", action="append")
    resource_args(s)
    s.add_argument("command", nargs="+")
    s = sub.add_parser("start")
    s.add_argument("id")
    s = sub.add_parser("exec")
    s.add_argument("id")
    s.add_argument("--timeout", type=int, default=30)
    s.add_argument("command", nargs="+")
    s = sub.add_parser("update")
    s.add_argument("id")
    resource_args(s)
    s = sub.add_parser("inspect")
    s.add_argument("id")
    s = sub.add_parser("ps")
    s.add_argument("--pod", default="")
    s = sub.add_parser("stop")
    s.add_argument("id")
    s.add_argument("timeout", nargs="?", type=int, default=10)
    for name in ("rm", "stopp", "rmp"):
        sub.add_parser(name).add_argument("id")
    a = p.parse_args()
    c = Cri(a.socket)

    if a.cmd == "version":
        r = c.call("Version", c.new("VersionRequest", version="v1"))
        print(r.runtime_name, r.runtime_version, r.runtime_api_version)
    elif a.cmd == "runp":
        cfg = c.new(
            "PodSandboxConfig",
            metadata=c.new("PodSandboxMetadata", name=a.name, uid="uid-" + a.name, namespace="e2e"),
            hostname=a.hostname,
            log_directory=a.log_dir,
            labels=labels(a.label),
            linux=c.new(
                "LinuxPodSandboxConfig",
                cgroup_parent=a.cgroup_parent,
                security_context=c.new(
                    "LinuxSandboxSecurityContext",
                    namespace_options=c.new("NamespaceOption", network="POD", pid="CONTAINER", ipc="POD"),
                ),
            ),
        )
        os.makedirs(a.log_dir, exist_ok=True)
        r = c.call("RunPodSandbox", c.new("RunPodSandboxRequest", config=cfg, runtime_handler=a.handler), 120)
        os.makedirs(os.path.dirname(pod_file(r.pod_sandbox_id)), exist_ok=True)
        with open(pod_file(r.pod_sandbox_id), "w") as f:
            f.write(json_format.MessageToJson(cfg))
        print(r.pod_sandbox_id)
    elif a.cmd == "inspectp":
        r = c.call("PodSandboxStatus", c.new("PodSandboxStatusRequest", pod_sandbox_id=a.pod, verbose=True))
        print(json.dumps(with_info(to_json(r))))
    elif a.cmd == "pods":
        f = c.new("PodSandboxFilter", label_selector=labels(a.label))
        r = c.call("ListPodSandbox", c.new("ListPodSandboxRequest", filter=f))
        print(json.dumps(to_json(r).get("items", [])))
    elif a.cmd == "create":
        with open(pod_file(a.pod)) as f:
            sandbox = json_format.Parse(f.read(), c.new("PodSandboxConfig"))
        ns = c.new("NamespaceOption", network="POD", pid="POD" if a.pid_pod else "CONTAINER", ipc="POD")
        cfg = c.new(
            "ContainerConfig",
            metadata=c.new("ContainerMetadata", name=a.name),
            image=c.new("ImageSpec", image=a.image),
            command=a.command,
            log_path=a.name + ".log",
            annotations=labels(a.annotation),
            linux=c.new(
                "LinuxContainerConfig",
                resources=resources(c, a),
                security_context=c.new("LinuxContainerSecurityContext", namespace_options=ns),
            ),
        )
        req = c.new("CreateContainerRequest", pod_sandbox_id=a.pod, config=cfg, sandbox_config=sandbox)
        print(c.call("CreateContainer", req).container_id)
    elif a.cmd == "start":
        c.call("StartContainer", c.new("StartContainerRequest", container_id=a.id))
    elif a.cmd == "exec":
        req = c.new("ExecSyncRequest", container_id=a.id, cmd=a.command, timeout=a.timeout)
        r = c.call("ExecSync", req, a.timeout + 30)
        sys.stdout.buffer.write(r.stdout)
        sys.stderr.buffer.write(r.stderr)
        sys.stdout.flush()
        sys.exit(r.exit_code)
    elif a.cmd == "update":
        req = c.new("UpdateContainerResourcesRequest", container_id=a.id, linux=resources(c, a))
        c.call("UpdateContainerResources", req)
    elif a.cmd == "inspect":
        r = c.call("ContainerStatus", c.new("ContainerStatusRequest", container_id=a.id, verbose=True))
        print(json.dumps(with_info(to_json(r))))
    elif a.cmd == "ps":
        f = c.new("ContainerFilter", pod_sandbox_id=a.pod)
        r = c.call("ListContainers", c.new("ListContainersRequest", filter=f))
        print(json.dumps(to_json(r).get("containers", [])))
    elif a.cmd == "stop":
        c.call("StopContainer", c.new("StopContainerRequest", container_id=a.id, timeout=a.timeout), a.timeout + 60)
    elif a.cmd == "rm":
        c.call("RemoveContainer", c.new("RemoveContainerRequest", container_id=a.id))
    elif a.cmd == "stopp":
        c.call("StopPodSandbox", c.new("StopPodSandboxRequest", pod_sandbox_id=a.id), 120)
    elif a.cmd == "rmp":
        c.call("RemovePodSandbox", c.new("RemovePodSandboxRequest", pod_sandbox_id=a.id), 120)


if __name__ == "__main__":
    main()
