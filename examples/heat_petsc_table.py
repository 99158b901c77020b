#!/usr/bin/python3
"""Runs examples/heat_petsc.py for every configuration of the docs/petsc.md table and prints it.

  PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real \
    /usr/bin/python3 examples/heat_petsc_table.py --nx 50 100 --ranks 1 2 [--steps 5000] [--out results.jsonl]

Each run is a separate process (mpiexec for 2+ ranks); learned runs start their own `relax serve`
(see python/relax_client.py for how it is found). Wall times on a shared machine are noisy: the
load average at the start of each run is recorded next to it.
"""

import argparse
import json
import os
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nx", type=int, nargs="+", default=[50])
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--out", default=None, help="append each result as a JSON line")
    args = p.parse_args()
    rows = []
    for nx in args.nx:
        for ranks in args.ranks:
            for label, extra in CONFIGS:
                r = run(nx, ranks, args.steps, extra)
                r["label"] = label
                rows.append(r)
                sys.stderr.write(json.dumps(r) + "\n")
                if args.out:
                    with open(args.out, "a", encoding="utf-8") as f:
                        f.write(json.dumps(r) + "\n")
    print("| nx | ranks | method | total iterations | wall s | solve s | unconverged | median round trip ms | load |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        rt = r.get("medianRoundTripMs", "")
        print(
            f"| {r['nx']} | {r['ranks']} | {r['label']} | {r['totalIterations']} | {r['wallSeconds']} | "
            f"{r['solveSeconds']} | {r['unconverged']} | {rt} | {r['load']} |"
        )


if __name__ == "__main__":
    main()
