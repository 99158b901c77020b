"""Steer a petsc4py KSP with `relax serve`: one call per time step sets omega on the PC (SOR, or
SOR with a symmetric sweep as the SSOR preconditioner of CG), solves, reads PETSc's iteration
count and converged reason, and reports them.

    steer = KspSteering(ksp, "chebcb", seed=1, context_range=(0, 10), state_file="run.relax-serve.json")
    for step in range(steps):
        result = steer.solve(b, x, context=kappa, next_context=next_kappa)
    steer.close()

Any number of ranks: rank 0 talks to the service (relax_client.Steering: timeouts, fallback
omega, reconnection), the omega is broadcast on the KSP's communicator. The KSP's options prefix
is honoured. Needs petsc4py; mpi4py on more than one rank.
"""

import bisect
import time

from relax_client import Steering

__all__ = ["KspSteering", "jacobi_radius"]

# Lanczos steps (CG iterations with Jacobi preconditioning) per spectral estimate.
ESTIMATE_STEPS = 20
# Knot spacing of the estimate policy, as a fraction of the context range (auto's spacing).
KNOT_FRACTION = 1.0 / 64.0
# Without a context, an estimate every this many steps.
ESTIMATE_EVERY = 16


def jacobi_radius(a, steps=ESTIMATE_STEPS):
    """rho(I - D^-1 A) of a symmetric PETSc matrix with a positive diagonal, from the extreme
    eigenvalues CG with Jacobi preconditioning finds in `steps` iterations (Lanczos on
    D^-1/2 A D^-1/2; PETSc's own operations, any number of ranks). Returns (rho, steps run)."""
    from petsc4py import PETSc

    ksp = PETSc.KSP().create(a.getComm())
    ksp.setOptionsPrefix("relax_estimate_")
    ksp.setOperators(a)
    ksp.setType("cg")
    ksp.getPC().setType("jacobi")
    ksp.setTolerances(rtol=1e-30, atol=0.0, max_it=steps)
    ksp.setNormType(PETSc.KSP.NormType.NONE)
    ksp.setConvergenceTest(lambda *args: 0)  # run every step: the eigenvalues, not x, are wanted
    ksp.setComputeEigenvalues(True)
    x, b = a.createVecs()
    rnd = PETSc.Random().create(a.getComm())
    rnd.setSeed(12345)
    b.setRandom(rnd)
    ksp.solve(b, x)
    done = ksp.getIterationNumber()
    eig = ksp.computeEigenvalues()
    ksp.destroy()
    rnd.destroy()
    lam = [complex(e).real for e in eig]
    if not lam:
        return None, done
    return max(1.0 - min(lam), max(lam) - 1.0), done


class KspSteering:
    """Learned omega for one KSP whose PC is `sor` (`-pc_type sor`, any sweep type)."""

    def __init__(self, ksp, learner, seed, estimate=None, **steering):
        """`estimate` (default: on for learner "auto"): send a Jacobi spectral estimate of the
        matrix with predict, computed on steps whose context is more than 1/64 of the context
        range from every context estimated before (every 16th step without a context)."""
        from petsc4py import PETSc

        self._PETSc = PETSc
        self.ksp = ksp
        self.pc = ksp.getPC()
        comm = ksp.getComm()
        self.rank = comm.getRank()
        self.size = comm.getSize()
        self._mpi = comm.tompi4py() if self.size > 1 else None
        self._options = PETSc.Options()
        self._prefix = self.pc.getOptionsPrefix() or ""
        reasons = PETSc.KSP.ConvergedReason
        # CONVERGED_ITS (every iteration run, no test made) is not convergence in Relax's sense.
        self._converged = {reasons.CONVERGED_RTOL, reasons.CONVERGED_ATOL}
        self._reason_names = {v: k for k, v in vars(reasons).items() if isinstance(v, int)}
        self.steering = Steering(learner, seed, **steering) if self.rank == 0 else None
        self.last = None
        self.set_omega_seconds = 0.0
        self.estimate = (learner == "auto") if estimate is None else bool(estimate)
        self._range = steering.get("context_range")
        self._measured = []  # contexts estimated so far, sorted
        self._steps = 0
        self.estimates = 0
        self.estimate_iterations = 0
        self.estimate_seconds = 0.0

    def _check_pc(self):
        kind = self.pc.getType()
        if kind != "sor":
            raise ValueError(f"KspSteering steers -{self._prefix}pc_type sor (SOR, or SSOR with a symmetric sweep), not {kind!r}")

    def set_omega(self, omega):
        """Sets omega on this KSP's SOR preconditioner (through its options prefix)."""
        t0 = time.perf_counter()
        self._options.setValue(f"{self._prefix}pc_sor_omega", repr(float(omega)))
        self.pc.setFromOptions()
        self.set_omega_seconds += time.perf_counter() - t0

    def _wants_estimate(self, context, step):
        """The estimate policy (identical on every rank: it depends on the context only)."""
        if not self.estimate:
            return False
        if context is None or self._range is None:
            return step % ESTIMATE_EVERY == 0
        spacing = KNOT_FRACTION * (self._range[1] - self._range[0])
        # Only the measured contexts just below and above can be within the spacing.
        i = bisect.bisect_left(self._measured, context)
        near = self._measured[max(0, i - 1) : i + 1]
        return all(abs(context - c) > spacing for c in near)

    def omega(self, context=None):
        """This step's omega, the same on every rank (rank 0 asks the service); with the estimate
        policy on, the spectral estimate is computed on all ranks and sent by rank 0."""
        rho = None
        if self._wants_estimate(context, self._steps):
            t0 = time.perf_counter()
            rho, done = jacobi_radius(self.ksp.getOperators()[0])
            self.estimate_seconds += time.perf_counter() - t0
            self.estimate_iterations += done
            self.estimates += 1
            if context is not None:
                bisect.insort(self._measured, context)
        self._steps += 1
        omega = self.steering.omega(context=context, jacobi_rho=rho) if self.rank == 0 else None
        return self._mpi.bcast(omega, root=0) if self._mpi is not None else omega

    def solve(self, b, x, context=None, next_context=None):
        """Sets the learned omega, solves A x = b, reports the result; returns a dict with omega,
        iterations, reason (PETSc's name), converged, seconds. Never raises for the service's sake."""
        if self.last is None:
            self._check_pc()
        omega = self.omega(context)
        self.set_omega(omega)
        t0 = time.perf_counter()
        self.ksp.solve(b, x)
        seconds = time.perf_counter() - t0
        reason = int(self.ksp.getConvergedReason())
        iterations = int(self.ksp.getIterationNumber())
        converged = reason in self._converged
        # A step that will send an estimate asks for its omega itself, after assembling its matrix.
        if next_context is not None and self._wants_estimate(next_context, self._steps):
            next_context = None
        if self.steering is not None:
            self.steering.observe(iterations, converged, seconds, next_context=next_context)
        self.last = {"omega": omega, "iterations": iterations, "reason": self._reason_names.get(reason, str(reason)), "converged": converged, "seconds": seconds}
        return self.last

    @property
    def fallback_steps(self):
        """Steps run on the fallback omega (rank 0's count, broadcast)."""
        count = self.steering.fallback_steps if self.rank == 0 else None
        return self._mpi.bcast(count, root=0) if self._mpi is not None else count

    def summary(self):
        """Rank 0: the Steering summary; other ranks: None."""
        return self.steering.summary() if self.steering is not None else None

    def close(self):
        if self.steering is not None:
            self.steering.close()
