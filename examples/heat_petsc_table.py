#!/usr/bin/python3
"""Runs examples/heat_petsc.py for every configuration of the docs/petsc.md table and prints it.

  PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real \
    /usr/bin/python3 examples/heat_petsc_table.py --nx 50 100 --ranks 1 2 [--repeat 3] [--out results.jsonl]

Each run is a separate process (mpiexec for 2+ ranks); learned runs start their own `relax serve`
(see python/relax_client.py for how it is found). Iteration counts are deterministic; times are
not, so configurations are interleaved over --repeat rounds and the table shows medians, with the
load average seen at the start of the runs.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = [
    ("cg", ["--mode", "cg"]),
    ("fixed omega 1", ["--mode", "fixed", "--omega", "1.0"]),
    ("fixed omega 1.5", ["--mode", "fixed", "--omega", "1.5"]),
    ("learned (tsallis-inf)", ["--mode", "learned", "--learner", "tsallis-inf"]),
    ("learned (chebcb, context kappa)", ["--mode", "learned", "--learner", "chebcb"]),
]


def run(nx, ranks, steps, extra):
    cmd = [sys.executable, os.path.join(HERE, "heat_petsc.py"), "--nx", str(nx), "--steps", str(steps), *extra]
    if ranks > 1:
        cmd = ["mpiexec", "--allow-run-as-root", "--oversubscribe", "-n", str(ranks), *cmd]
    load = os.getloadavg()[0]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["load"] = round(load, 1)
    return result


def median_of(runs, key):
    values = [r[key] for r in runs if key in r]
    return round(statistics.median(values), 3) if values else ""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nx", type=int, nargs="+", default=[50])
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--out", default=None, help="append each result as a JSON line")
    args = p.parse_args()
    results = {}
    for nx in args.nx:
        for ranks in args.ranks:
            for _ in range(args.repeat):
                for label, extra in CONFIGS:
                    r = run(nx, ranks, args.steps, extra)
                    r["label"] = label
                    results.setdefault((nx, ranks, label), []).append(r)
                    sys.stderr.write(json.dumps(r) + "\n")
                    if args.out:
                        with open(args.out, "a", encoding="utf-8") as f:
                            f.write(json.dumps(r) + "\n")
    print(
        "| nx | ranks | method | total iterations | PETSc solve CPU s | CPU s (rank 0, whole loop) | CPU s (relax serve) "
        "| wall s | median round trip ms | load |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for (nx, ranks, label), runs in results.items():
        counts = {r["totalIterations"] for r in runs}
        assert len(counts) == 1, f"iteration counts differ between repeats: {counts}"
        unconverged = runs[0]["unconverged"]
        total = f"{runs[0]['totalIterations']}" + (f" ({unconverged} unconverged)" if unconverged else "")
        print(
            f"| {nx} | {ranks} | {label} | {total} | {median_of(runs, 'solveCpuSeconds')} | {median_of(runs, 'cpuSeconds')} | "
            f"{median_of(runs, 'serviceCpuSeconds')} | {median_of(runs, 'wallSeconds')} | {median_of(runs, 'medianRoundTripMs')} | "
            f"{min(r['load'] for r in runs)}-{max(r['load'] for r in runs)} |"
        )


if __name__ == "__main__":
    main()
