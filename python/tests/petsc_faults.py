#!/usr/bin/python3
"""Fault drill with PETSc: a sequence of shifted 2D Laplacians solved by SSOR-CG (processor-local
symmetric SOR), omega steered by relax_petsc.KspSteering, while rank 0's `relax serve` is killed
(SIGKILL) or stopped (SIGSTOP) at step --fault-at. PETSc's signal handlers are active (SIGPIPE
included). Runs --steps steps, and on past them until the session has been resumed; prints one
JSON line on rank 0.

  PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real mpiexec -n 2 /usr/bin/python3 \\
    python/tests/petsc_faults.py --serve "node dist/cli.js serve" --fault kill
"""

import argparse
import json
import math
import os
import shlex
import signal
import sys
import tempfile

import petsc4py

petsc4py.init([sys.argv[0]])
from petsc4py import PETSc  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from relax_petsc import KspSteering  # noqa: E402


def laplacian(comm, m):
    n = m * m
    a = PETSc.Mat().createAIJ(size=((PETSc.DECIDE, n), (PETSc.DECIDE, n)), nnz=(5, 4), comm=comm)
    start, end = a.getOwnershipRange()
    for k in range(start, end):
        i, j = divmod(k, m)
        a.setValue(k, k, 4.0)
        for kk, ok in ((k - m, i > 0), (k + m, i < m - 1), (k - 1, j > 0), (k + 1, j < m - 1)):
            if ok:
                a.setValue(k, kk, -1.0)
    a.assemble()
    return a


def pipes_open(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd")) > 0
    except OSError:
        return False


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--serve", required=True)
    p.add_argument("--fault", choices=["kill", "stop", "none"], default="kill")
    p.add_argument("--fault-at", type=int, default=30)
    p.add_argument("--steps", type=int, default=80)
    p.add_argument("--after", type=int, default=20, help="steps run after the session is resumed")
    p.add_argument("--m", type=int, default=24, help="grid side (m^2 unknowns)")
    p.add_argument("--prefix", default="heat_")
    p.add_argument("--learner", default="chebcb")
    args = p.parse_args()
    comm = PETSc.COMM_WORLD
    rank = comm.getRank()
    opts = PETSc.Options()
    for key, value in {"ksp_type": "cg", "ksp_norm_type": "unpreconditioned", "ksp_rtol": "1e-8", "ksp_atol": "0",
                       "ksp_max_it": "2000", "pc_type": "sor", "pc_sor_local_symmetric": ""}.items():
        opts.setValue(args.prefix + key, value)
    lap = laplacian(comm, args.m)
    a = lap.duplicate(copy=True)
    x, b = a.createVecs()
    b.set(1.0)
    ksp = PETSc.KSP().create(comm)
    ksp.setOptionsPrefix(args.prefix)
    ksp.setOperators(a)
    ksp.setFromOptions()
    state_file = os.path.join(tempfile.mkdtemp(prefix="relax-petsc-drill-"), "drill.relax-serve.json") if rank == 0 else None
    warnings = []
    steer = KspSteering(ksp, args.learner, seed=5, context_range=(0.0, 10.0), state_file=state_file, save_every=1,
                        command=shlex.split(args.serve), timeout=2.0, backoff=0.05, max_backoff=0.5, warn=warnings.append)
    context = lambda s: 5.0 + 4.5 * math.sin(0.1 * s)  # noqa: E731
    total = 0
    observed_at_fault = None
    s = 0
    resumed_at = None
    while True:
        if s == args.fault_at and rank == 0 and args.fault != "none":
            steer.summary()  # reads the pipelined reply: every observe sent so far is acknowledged
            observed_at_fault = steer.steering.observed_steps
            pid = steer.steering._client.pid
            os.kill(pid, signal.SIGKILL if args.fault == "kill" else signal.SIGSTOP)
            # Until the kill has landed and its pipes are closed: the next write meets a closed pipe (SIGPIPE).
            while args.fault == "kill" and pipes_open(pid):
                pass
        # A new matrix each step: I + c Lap with c from the context (a diffusion coefficient).
        lap.copy(a, structure=PETSc.Mat.Structure.SAME_NONZERO_PATTERN)
        a.scale(0.05 * context(s))
        a.shift(1.0)
        ksp.setOperators(a)
        x.set(0.0)
        result = steer.solve(b, x, context=context(s), next_context=context(s + 1))
        total += result["iterations"]
        s += 1
        done = None
        if rank == 0:
            if resumed_at is None and steer.steering.reconnects >= 1:
                resumed_at = s
            back = args.fault == "none" or (resumed_at is not None and s >= resumed_at + args.after)
            done = s >= args.steps and back
        if comm.tompi4py().bcast(done, root=0):
            break
    summary = steer.summary()
    fallback = steer.fallback_steps
    steer.close()
    if rank == 0:
        st = steer.steering
        print(json.dumps({
            "ranks": comm.getSize(), "steps": s, "totalIterations": total, "fallbackSteps": fallback,
            "learnedSteps": st.learned_steps, "observedSteps": st.observed_steps, "observedAtFault": observed_at_fault,
            "resumedSteps": st.resumed_steps, "resumedAt": resumed_at, "reconnects": st.reconnects,
            "serviceSteps": (summary["service"] or {}).get("steps"), "warnings": warnings,
            "estimates": steer.estimates, "estimateIterations": steer.estimate_iterations, "learner": args.learner,
        }), flush=True)


if __name__ == "__main__":
    main()
