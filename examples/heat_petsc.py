#!/usr/bin/python3
"""The heat2d sequence in PETSc, with omega for every time step learned by `relax serve`.

Crank-Nicolson for u_t = kappa(t) Lap u + f(t, x, y) on the unit square, zero boundary,
(nx - 1)^2 unknowns, the paper's (and Relax's heat2d) defaults:
    kappa(t) = max(0.1 sin(2 pi t), -10 sin(2 pi t)),  stop time 5, 5000 steps,
    f = 32 bump((x, y), (0.5 + cos(16 pi t) / 4, 0.5 + sin(16 pi t) / 4), 0.125),
    u(0) = bump((x, y), (0.5, 0.5), 0.25),  bump(p, c, r) = exp(1 - 1 / (1 - min(1, |p - c|^2 / r^2))).
Step s (th = (s + 1/2) dt): A = I + c lap, b = u - c lap u + dt f(th), c = kappa(th) dt / (2 h^2),
lap the unscaled 5-point operator; x_0 = u (warm start); context = kappa(th).
The solve is SSOR-CG in PETSc with processor-local symmetric SOR (the MPI variant of
`relax export --format petsc`); rank 0 asks `relax serve` for omega, broadcasts it, and reports
PETSc's iteration count back.

Run (Debian's PETSc 3.18):
  export PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real
  mpiexec --allow-run-as-root --oversubscribe -n 2 /usr/bin/python3 examples/heat_petsc.py --nx 50 --mode learned
Modes: learned (default; --learner, --seed, --state-file), fixed (--omega W), cg (no preconditioner).
Prints one JSON line on rank 0 with the totals.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

import petsc4py

petsc4py.init([sys.argv[0]])
from petsc4py import PETSc  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from relax_petsc import KspSteering  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--nx", type=int, default=50)
    p.add_argument("--steps", type=int, default=5000, help="time steps over [0, stop time]")
    p.add_argument("--instances", type=int, default=None, help="solve only the first N steps")
    p.add_argument("--stop-time", type=float, default=5.0)
    p.add_argument("--mode", choices=["learned", "fixed", "cg"], default="learned")
    p.add_argument("--omega", type=float, default=1.0, help="omega of --mode fixed")
    p.add_argument("--learner", default="tsallis-inf", help="e.g. tsallis-inf, chebcb, auto (auto gets PETSc Jacobi estimates)")
    p.add_argument("--every", type=int, default=1, help="ask relax serve every k-th step only")
    p.add_argument("--asynchronous", action="store_true", help="talk to relax serve from a thread; a late omega never delays a solve")
    p.add_argument("--seed", default="1")
    p.add_argument("--state-file", default=None, help="learner state, resumed when it exists")
    p.add_argument("--tol", type=float, default=1e-8)
    p.add_argument("--max-it", type=int, default=10000)
    p.add_argument("--records", default=None, help="write per-step JSON lines (step, kappa, omega, iterations, converged)")
    return p.parse_args()


def bump(x, y, cx, cy, r):
    """exp(1 - 1 / (1 - min(1, d^2 / r^2))) on arrays; 0 outside radius r (the formula's limit there)."""
    import numpy as np

    q = ((x - cx) ** 2 + (y - cy) ** 2) / (r * r)
    out = np.zeros_like(q)
    inside = q < 1.0
    out[inside] = np.exp(1.0 - 1.0 / (1.0 - q[inside]))
    return out


def kappa(t):
    s = math.sin(2.0 * math.pi * t)
    return max(0.1 * s, -10.0 * s)


def laplacian(comm, m):
    """Unscaled 5-point operator on an m x m grid (4 on the diagonal), rows distributed by PETSc."""
    n = m * m
    lap = PETSc.Mat().createAIJ(size=((PETSc.DECIDE, n), (PETSc.DECIDE, n)), nnz=(5, 4), comm=comm)
    start, end = lap.getOwnershipRange()
    for k in range(start, end):
        i, j = divmod(k, m)
        lap.setValue(k, k, 4.0)
        if i > 0:
            lap.setValue(k, k - m, -1.0)
        if i < m - 1:
            lap.setValue(k, k + m, -1.0)
        if j > 0:
            lap.setValue(k, k - 1, -1.0)
        if j < m - 1:
            lap.setValue(k, k + 1, -1.0)
    lap.assemble()
    return lap


def solver_options(args):
    """The exported MPI options (`relax export --format petsc`, MPI variant) plus the warm start."""
    common = {
        "ksp_type": "cg",
        "ksp_norm_type": "unpreconditioned",
        "ksp_rtol": str(args.tol),
        "ksp_atol": "0",
        "ksp_max_it": str(args.max_it),
        "ksp_initial_guess_nonzero": "true",
    }
    if args.mode == "cg":
        return {**common, "pc_type": "none"}
    return {**common, "pc_type": "sor", "pc_sor_local_symmetric": None, "pc_sor_omega": str(args.omega)}


def main():
    import numpy as np
    from mpi4py import MPI

    args = parse_args()
    comm = PETSc.COMM_WORLD
    mpi = comm.tompi4py()
    rank = comm.getRank()
    m = args.nx - 1
    h = 1.0 / args.nx
    dt = args.stop_time / args.steps
    instances = args.instances or args.steps

    opts = PETSc.Options()
    for key, value in solver_options(args).items():
        opts.setValue(key, value if value is not None else "")

    lap = laplacian(comm, m)
    a = lap.duplicate(copy=True)
    u, b = lap.createVecs()
    lu = u.duplicate()
    start, end = lap.getOwnershipRange()
    k = np.arange(start, end)
    xs = (k // m + 1) * h
    ys = (k % m + 1) * h
    u.array[:] = bump(xs, ys, 0.5, 0.5, 0.25)
    x = u.duplicate()

    ksp = PETSc.KSP().create(comm)
    ksp.setOperators(a)
    ksp.setFromOptions()

    steer = None
    if args.mode == "learned":
        # One line per step from here on: rank 0 talks to relax serve (timeouts, fallback omega,
        # reconnection), the omega is broadcast, PETSc's count is reported back.
        steer = KspSteering(ksp, args.learner, seed=args.seed, context_range=(0.0, 10.0), state_file=args.state_file,
                            every=args.every, asynchronous=args.asynchronous)

    total_iterations = 0
    unconverged = 0
    solve_seconds = 0.0
    solve_cpu = 0.0
    round_trips = []
    omegas = []
    records = open(args.records, "w", encoding="utf-8") if args.records and rank == 0 else None
    mpi.Barrier()
    wall_start = time.perf_counter()
    cpu_start = time.process_time()
    for s in range(instances):
        th = (s + 0.5) * dt
        kap = kappa(th)
        c = kap * dt / (2.0 * h * h)
        lap.copy(a, structure=PETSc.Mat.Structure.SAME_NONZERO_PATTERN)
        a.scale(c)
        a.shift(1.0)
        lap.mult(u, lu)
        cx = 0.5 + math.cos(16.0 * math.pi * th) / 4.0
        cy = 0.5 + math.sin(16.0 * math.pi * th) / 4.0
        b.array[:] = u.array - c * lu.array + dt * 32.0 * bump(xs, ys, cx, cy, 0.125)

        u.copy(x)
        ksp.setOperators(a)
        c0 = time.process_time()
        if steer is not None:
            t0 = time.perf_counter()
            r = steer.solve(b, x, context=kap, next_context=kappa((s + 1.5) * dt) if s + 1 < instances else None)
            # Time in Relax calls: the whole step minus PETSc's solve.
            round_trips.append(time.perf_counter() - t0 - r["seconds"])
            omega, iterations, converged, seconds = r["omega"], r["iterations"], r["converged"], r["seconds"]
        else:
            omega = args.omega
            t0 = time.perf_counter()
            ksp.solve(b, x)
            seconds = time.perf_counter() - t0
            iterations = ksp.getIterationNumber()
            converged = ksp.getConvergedReason() > 0
        solve_cpu += time.process_time() - c0
        omegas.append(omega)
        total_iterations += iterations
        unconverged += 0 if converged else 1
        solve_seconds += seconds
        x.copy(u)
        if records is not None:
            step = {"step": s, "kappa": kap, "omega": omega, "iterations": iterations, "converged": bool(converged)}
            records.write(json.dumps(step) + "\n")

    mpi.Barrier()
    wall = time.perf_counter() - wall_start
    cpu = time.process_time() - cpu_start
    if records is not None:
        records.close()

    if rank == 0:
        result = {
            "mode": args.mode if args.mode != "fixed" else f"fixed={args.omega}",
            "nx": args.nx,
            "ranks": comm.getSize(),
            "steps": instances,
            "totalIterations": total_iterations,
            "unconverged": unconverged,
            "wallSeconds": round(wall, 3),
            # CPU time of rank 0: less disturbed than wall time when the machine is shared.
            "cpuSeconds": round(cpu, 3),
            "solveSeconds": round(solve_seconds, 3),
            "solveCpuSeconds": round(solve_cpu, 3),
        }
    if steer is not None:
        fallback = steer.fallback_steps
        summary = steer.summary()
        before = os.times()
        steer.close()
        after = os.times()
    if rank == 0:
        if args.mode == "learned":
            # CPU of the relax serve child (its whole life), counted once it has exited.
            result["serviceCpuSeconds"] = round(
                (after.children_user + after.children_system) - (before.children_user + before.children_system), 3
            )
            result["learner"] = args.learner
            result["medianRoundTripMs"] = round(1000.0 * statistics.median(round_trips), 4)
            result["meanRoundTripMs"] = round(1000.0 * statistics.fmean(round_trips), 4)
            result["serviceSeconds"] = round(sum(round_trips), 3)
            result["setOmegaSeconds"] = round(steer.set_omega_seconds, 3)
            result["fallbackSteps"] = fallback
            result["estimates"] = steer.estimates
            result["estimateIterations"] = steer.estimate_iterations
            result["estimateSeconds"] = round(steer.estimate_seconds, 3)
            result["meanOmegaLast500"] = round(sum(omegas[-500:]) / len(omegas[-500:]), 4)
            result["serviceSteps"] = (summary["service"] or {}).get("steps")
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
