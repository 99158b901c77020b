#!/usr/bin/python3
"""Solve A x = ones with PETSc, configured only by PETSc options, and print what PETSc counted.

Usage (Debian's PETSc 3.18; PETSC_DIR must name the real-scalar build):
  PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real \
    /usr/bin/python3 python/petsc_solve.py MATRIX.mtx [PETSc options...]
  mpiexec -n 2 ... /usr/bin/python3 python/petsc_solve.py MATRIX.mtx [options...]

Prints one JSON line on rank 0: {"iterations", "reason", "converged", "ranks", "rows"}.
`--x0 C` (right after the matrix) starts from x_0 = C * ones instead of zero (for warm-start
checks; PETSc then also needs -ksp_initial_guess_nonzero).
With --batch instead of options, reads a JSON list of option lists on stdin, runs each on the same
matrix (each KSP under its own options prefix) and prints one JSON list: one process start for many
solves.
The options are exactly what `relax export --format petsc` prints, so this script is how the
integration tests check that PETSc counts the same iterations as Relax.
Needs only petsc4py (no SciPy: Debian's /usr/bin/python3 may not have it).
"""

import json
import sys


def read_matrix_market(path):
    """Returns (rows, cols, entries) with 0-based (i, j, v) triplets, symmetric storage expanded."""
    with open(path, "r", encoding="ascii", errors="replace") as handle:
        banner = handle.readline().split()
        if len(banner) < 5 or banner[0].lower() != "%%matrixmarket":
            raise ValueError(f"{path}:1: not a MatrixMarket banner")
        fmt, field, symmetry = banner[2].lower(), banner[3].lower(), banner[4].lower()
        if fmt != "coordinate" or field not in ("real", "integer"):
            raise ValueError(f"{path}:1: only coordinate real/integer matrices are supported here")
        line = handle.readline()
        while line.startswith("%") or not line.strip():
            line = handle.readline()
        rows, cols, _ = (int(t) for t in line.split())
        entries = []
        for raw in handle:
            parts = raw.split()
            if len(parts) < 3 or parts[0].startswith("%"):
                continue
            i, j, v = int(parts[0]) - 1, int(parts[1]) - 1, float(parts[2])
            entries.append((i, j, v))
            if symmetry == "symmetric" and i != j:
                entries.append((j, i, v))
            elif symmetry == "skew-symmetric" and i != j:
                entries.append((j, i, -v))
    return rows, cols, entries


def option_pairs(options):
    """['-ksp_type', 'cg', '-pc_sor_forward', ...] -> [('ksp_type', 'cg'), ('pc_sor_forward', None), ...]."""
    pairs = []
    i = 0
    while i < len(options):
        name = options[i].lstrip("-")
        value = None
        if i + 1 < len(options) and not options[i + 1].startswith("-"):
            value = options[i + 1]
            i += 1
        pairs.append((name, value))
        i += 1
    return pairs


def solve(PETSc, comm, a, prefix, x0=0.0):
    x, b = a.createVecs()
    b.set(1.0)
    x.set(x0)
    ksp = PETSc.KSP().create(comm)
    if prefix:
        ksp.setOptionsPrefix(prefix)
    ksp.setOperators(a)
    ksp.setFromOptions()
    ksp.solve(b, x)
    reason = int(ksp.getConvergedReason())
    names = {v: k for k, v in vars(PETSc.KSP.ConvergedReason).items() if isinstance(v, int)}
    result = {
        "iterations": ksp.getIterationNumber(),
        "reason": names.get(reason, str(reason)),
        # CONVERGED_ITS (every sweep run, no test made) is not convergence in Relax's sense.
        "converged": reason in (PETSc.KSP.ConvergedReason.CONVERGED_RTOL, PETSc.KSP.ConvergedReason.CONVERGED_ATOL),
        "ranks": comm.getSize(),
        "rows": a.getSize()[0],
    }
    ksp.destroy()
    return result


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: petsc_solve.py MATRIX.mtx [PETSc options... | --batch]\n")
        return 2
    path = argv[1]
    x0 = 0.0
    if len(argv) > 3 and argv[2] == "--x0":
        x0 = float(argv[3])
        argv = argv[:2] + argv[4:]
    batch = argv[2:] == ["--batch"]
    import petsc4py

    petsc4py.init([argv[0]] + ([] if batch else argv[2:]))
    from petsc4py import PETSc

    comm = PETSc.COMM_WORLD
    rows, cols, entries = read_matrix_market(path)
    a = PETSc.Mat().createAIJ(size=((PETSc.DECIDE, rows), (PETSc.DECIDE, cols)), comm=comm)
    a.setPreallocationNNZ(64)
    a.setOption(PETSc.Mat.Option.NEW_NONZERO_ALLOCATION_ERR, False)
    start, end = a.getOwnershipRange()
    for i, j, v in entries:
        if start <= i < end:
            a.setValue(i, j, v, addv=PETSc.InsertMode.ADD_VALUES)
    a.assemble()
    if not batch:
        result = solve(PETSc, comm, a, None, x0)
    else:
        runs = json.loads(sys.stdin.read())
        opts = PETSc.Options()
        result = []
        for k, options in enumerate(runs):
            prefix = f"r{k}_"
            for name, value in option_pairs(options):
                opts.setValue(prefix + name, value if value is not None else "")
            result.append(solve(PETSc, comm, a, prefix, x0))
    if comm.getRank() == 0:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
