#!/usr/bin/env python3
"""Round trip of `relax serve` (python RelaxClient, observe_and_predict: one round trip per step)
over stdio and TCP: p50 / p99 over --calls calls, divided by the same percentiles of a fixed-reply
echo server on the same transport measured in the same run (bench/serveEcho.mjs). Prints the load
average; numbers taken while the machine is shared are provisional.

  npm run bench:serve            # or: python3 bench/serve_roundtrip.py --calls 10000
"""

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "python"))
from relax_client import RelaxClient  # noqa: E402

TOKEN = "bench"


def start_tcp(argv):
    child = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
    m = re.search(r"listening on 127\.0\.0\.1:(\d+)", child.stderr.readline())
    return child, int(m.group(1))


def run(client, learner, calls):
    client.hello(learner, seed=1, context_range=(0.0, 10.0))
    omega, pid = client.predict(context=5.0)
    times = []
    for s in range(calls):
        context = 5.0 + 5.0 * math.sin(s / 50.0)
        iterations = int(20 + 400 * (omega - (1.2 + 0.07 * context)) ** 2)
        t0 = time.perf_counter()
        omega, pid = client.observe_and_predict(pid, iterations, True, 0.001, context=context)
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2], times[int(0.99 * len(times))]


def measure(transport, server_argv, learner, calls, state_dir):
    if transport == "stdio":
        client = RelaxClient(command=server_argv, timeout=30)
        child = None
    else:
        child, port = start_tcp(server_argv + ["--port", "0"] + (["--token", TOKEN, "--state-dir", state_dir] if "serve" in server_argv else []))
        client = RelaxClient(port=port, token=TOKEN, timeout=30)
    try:
        return run(client, learner, calls)
    finally:
        client.close()
        if child is not None:
            child.terminate()
            child.wait()


def clean_environment():
    """Run from `npm run`: the node children must not inherit npm's variables."""
    for key in list(os.environ):
        if key.startswith(("npm_config_", "npm_lifecycle_", "npm_package_")) or key == "INIT_CWD":
            del os.environ[key]


def main():
    clean_environment()
    p = argparse.ArgumentParser()
    p.add_argument("--calls", type=int, default=10000)
    args = p.parse_args()
    node = "node"
    serve = [node, os.path.join(REPO, "dist", "cli.js"), "serve"]
    echo = [node, os.path.join(HERE, "serveEcho.mjs")]
    state_dir = tempfile.mkdtemp(prefix="relax-bench-")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs; {args.calls} calls each"
          + (" (PROVISIONAL: machine busy)" if load[0] > 0.5 * (os.cpu_count() or 1) else ""))
    print("| transport | learner | p50 ms | p99 ms | echo p50 ms | echo p99 ms | p50 / echo | p99 / echo |")
    print("|---|---|---|---|---|---|---|---|")
    rows = []
    for transport in ("stdio", "tcp"):
        e50, e99 = measure(transport, echo, "tsallis-inf", args.calls, state_dir)
        # auto here gets no spectral estimates (no matrix): it runs its bandit fallback.
        for learner in ("tsallis-inf", "chebcb", "auto"):
            s50, s99 = measure(transport, serve, learner, args.calls, state_dir)
            rows.append({"transport": transport, "learner": learner, "p50": s50, "p99": s99, "echoP50": e50, "echoP99": e99})
            print(f"| {transport} | {learner} | {1e3 * s50:.3f} | {1e3 * s99:.3f} | {1e3 * e50:.3f} | {1e3 * e99:.3f} | {s50 / e50:.2f} | {s99 / e99:.2f} |")
    print(json.dumps({"load": load, "rows": rows}))


if __name__ == "__main__":
    main()
