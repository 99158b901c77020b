#!/usr/bin/python3
"""Solve A x = ones with PETSc, configured only by PETSc options, and print what PETSc counted.

Usage (Debian's PETSc 3.18; PETSC_DIR must name the real-scalar build):
  PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real \
    /usr/bin/python3 python/petsc_solve.py MATRIX.mtx [PETSc options...]
  mpiexec -n 2 ... /usr/bin/python3 python/petsc_solve.py MATRIX.mtx [options...]

Prints one JSON line on rank 0: {"iterations", "reason", "converged", "ranks", "rows"}.
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


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: petsc_solve.py MATRIX.mtx [PETSc options...]\n")
        return 2
    path = argv[1]
    import petsc4py

    petsc4py.init([argv[0]] + argv[2:])
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
    x, b = a.createVecs()
    b.set(1.0)
    x.set(0.0)
    ksp = PETSc.KSP().create(comm)
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
        "rows": rows,
    }
    if comm.getRank() == 0:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
