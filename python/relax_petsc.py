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

import time

from relax_client import Steering

__all__ = ["KspSteering"]


class KspSteering:
    """Learned omega for one KSP whose PC is `sor` (`-pc_type sor`, any sweep type)."""

    def __init__(self, ksp, learner, seed, **steering):
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
        self.steering = Steering(learner, seed, **steering) if self.rank == 0 else None
        self.last = None
        self.set_omega_seconds = 0.0

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

    def omega(self, context=None):
        """This step's omega, the same on every rank (rank 0 asks the service)."""
        omega = self.steering.omega(context=context) if self.rank == 0 else None
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
        if self.steering is not None:
            self.steering.observe(iterations, converged, seconds, next_context=next_context)
        names = {v: k for k, v in vars(self._PETSc.KSP.ConvergedReason).items() if isinstance(v, int)}
        self.last = {"omega": omega, "iterations": iterations, "reason": names.get(reason, str(reason)), "converged": converged, "seconds": seconds}
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
