#!/usr/bin/env python3
"""Median round trip per step of `relax serve` over stdio: no PETSc, just the service.

  RELAX_SERVE="node dist/cli.js serve" python3 examples/serve_roundtrip.py [--steps 5000]

One step = observe of the last solve + predict of the next (observe_and_predict, one round trip),
the pattern of examples/heat_petsc.py. Iteration counts are synthetic (a smooth cost with its best
omega depending on the context), so only the service is timed. Prints a markdown table.
"""

import argparse
import math
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from relax_client import RelaxClient  # noqa: E402


def synthetic_iterations(omega, context):
    best = 1.2 + 0.07 * context
    return int(20 + 400 * (omega - best) ** 2)


def measure(learner, steps, state_file, save_every):
    times = []
    with RelaxClient() as relax:
        relax.hello(learner, seed=1, context_range=(0.0, 10.0), state_file=state_file, save_every=save_every)
        context = 5.0
        omega, pid = relax.predict(context=context)
        for s in range(steps):
            iterations = synthetic_iterations(omega, context)
            context = 5.0 + 5.0 * math.sin(s / 50.0)
            t0 = time.perf_counter()
            omega, pid = relax.observe_and_predict(pid, iterations, True, 0.001, context=context)
            times.append(time.perf_counter() - t0)
        relax.observe(pid, synthetic_iterations(omega, context), True)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.9 * len(times))] * 1000, statistics.fmean(times) * 1000


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=5000)
    args = p.parse_args()
    tmp = tempfile.mkdtemp(prefix="relax-roundtrip-")
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("| learner | state file | median ms | p90 ms | mean ms |")
    print("|---|---|---:|---:|---:|")
    for learner in ("tsallis-inf", "chebcb"):
        for label, state_on, every in (
            ("none", False, None),
            ("default (at most every 200 ms)", True, None),
            ("saveEvery 10", True, 10),
            ("saveEvery 1", True, 1),
        ):
            state = os.path.join(tmp, f"{learner}-{every}.json") if state_on else None
            med, p90, mean = measure(learner, args.steps, state, every)
            print(f"| {learner} | {label} | {med:.3f} | {p90:.3f} | {mean:.3f} |", flush=True)


if __name__ == "__main__":
    main()
