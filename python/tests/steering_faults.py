#!/usr/bin/env python3
"""Fault drill for relax_client.Steering: a synthetic time-stepping loop whose `relax serve` is
killed (SIGKILL) or stopped (SIGSTOP) mid-run, over stdio or TCP. Prints one JSON line with what
happened; test/integration/steeringFaults.test.ts checks it.

  python3 python/tests/steering_faults.py --serve "node dist/cli.js serve" --transport stdio --fault kill

Over stdio the client restarts its own service. Over TCP this script plays the operator: once a
call has failed and 20 steps have fallen back, it starts a new service on the same port (after a
kill) or sends SIGCONT (after a stop).
"""

import argparse
import json
import math
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from relax_client import Steering  # noqa: E402

TOKEN = "drill-token"


def cost(omega, kappa):
    """Iterations of a solve at omega for context kappa: a valley whose bottom moves with kappa."""
    return int(round(20 + 300 * (omega - (1.5 + 0.04 * kappa)) ** 2))


def kappa_of(step):
    return 5.0 + 4.5 * math.sin(0.05 * step)


def start_tcp(serve, state_dir, port=0):
    child = subprocess.Popen(serve + ["--port", str(port), "--token", TOKEN, "--state-dir", state_dir], stderr=subprocess.PIPE, text=True)
    line = child.stderr.readline()
    m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not m:
        raise SystemExit(f"relax serve did not start: {line}")
    return child, int(m.group(1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--serve", required=True, help="command line that runs `relax serve`")
    p.add_argument("--transport", choices=["stdio", "tcp"], required=True)
    p.add_argument("--fault", choices=["kill", "stop"], required=True)
    p.add_argument("--learner", default="chebcb")
    p.add_argument("--before", type=int, default=30, help="steps before the fault")
    p.add_argument("--after", type=int, default=40, help="steps after the session is back")
    p.add_argument("--asynchronous", action="store_true")
    p.add_argument("--every", type=int, default=1)
    args = p.parse_args()
    serve = shlex.split(args.serve)
    state_dir = tempfile.mkdtemp(prefix="relax-drill-")
    warnings = []
    server = None
    common = dict(seed=3, context_range=(0.0, 10.0), save_every=1, timeout=2.0, backoff=0.05, max_backoff=0.5,
                  asynchronous=args.asynchronous, every=args.every, warn=(lambda m: (warnings.append(m), os.environ.get("DRILL_DEBUG") and print(m, file=sys.stderr))))
    if args.transport == "tcp":
        server, port = start_tcp(serve, state_dir)
        steer = Steering(args.learner, state_file="drill.json", port=port, token=TOKEN, **common)
    else:
        port = None
        steer = Steering(args.learner, state_file=os.path.join(state_dir, "drill.json"), command=serve, **common)

    step = 0
    faulted_at = None
    observed_at_fault = None
    resumed_at = None
    fallback_at_fault = None
    operator_done = False
    limit = 200000

    def solve(omega):
        kappa = kappa_of(step)
        time.sleep(0.002)  # the solve
        return cost(omega, kappa), True

    while step < limit:
        if step == args.before:
            steer.summary()  # in asynchronous mode: everything queued has been answered
            observed_at_fault = steer.observed_steps
            fallback_at_fault = steer.fallback_steps
            pid = server.pid if server is not None else steer._client.pid
            os.kill(pid, signal.SIGKILL if args.fault == "kill" else signal.SIGSTOP)
            faulted_at = step
        # The operator steps in once the client has noticed (a call failed) and 20 steps fell back.
        if faulted_at is not None and not operator_done and server is not None and steer.failures >= 1 and steer.fallback_steps - fallback_at_fault >= 20:
            if args.fault == "kill":
                server.wait()
                server, _ = start_tcp(serve, state_dir, port)
            else:
                os.kill(server.pid, signal.SIGCONT)
            operator_done = True
        if faulted_at is not None and resumed_at is None and steer.reconnects >= 1:
            resumed_at = step
        if resumed_at is not None and step >= resumed_at + args.after:
            break
        omega = steer.omega(context=kappa_of(step))
        iterations, converged = solve(omega)
        step += 1
        steer.observe(iterations, converged, 0.002, next_context=kappa_of(step))
    summary = steer.summary()
    steer.close()
    if server is not None:
        if args.fault == "stop" and not operator_done:
            os.kill(server.pid, signal.SIGCONT)
        server.terminate()
        server.wait()
    print(json.dumps({
        "steps": step,
        "faultedAt": faulted_at,
        "resumedAt": resumed_at,
        "observedAtFault": observed_at_fault,
        "resumedSteps": steer.resumed_steps,
        "fallbackSteps": steer.fallback_steps,
        "learnedSteps": steer.learned_steps,
        "observedSteps": steer.observed_steps,
        "reconnects": steer.reconnects,
        "serviceSteps": (summary["service"] or {}).get("steps"),
        "warnings": warnings,
    }))


if __name__ == "__main__":
    main()
