import { checkExportSettings, formatNumber, type ExportSettings } from './exportSettings';

/** Which PETSc run the options are for. */
export type PetscVariant = 'sequential' | 'mpi';

/** A labelled list of PETSc command-line options, one option (with its value) per entry. */
export interface PetscOptionSet {
  variant: PetscVariant;
  label: string;
  options: string[];
  /** Facts the user must know to get the same count (why an option is there, what differs). */
  notes: string[];
}

/*
 * SOR in PETSc is KSPRICHARDSON preconditioned by PCSOR, and two defaults silently change what
 * runs:
 * 1. Without any monitor, KSPRICHARDSON hands the whole solve to PCApplyRichardson_SOR, which
 *    skips the residual test and runs all -ksp_max_it sweeps (documented in the KSPRICHARDSON
 *    manual page). `-ksp_monitor ascii:/dev/null` forces the per-iteration test and prints nothing.
 * 2. PCSOR's default sweep is symmetric (forward then backward): SSOR, not SOR. `-pc_sor_forward`
 *    gives the forward sweep of Relax's definition.
 * `-ksp_norm_type unpreconditioned` and `-ksp_atol 0` make PETSc test ||b - A x_k|| <= rtol ||b||,
 * Relax's rule for a zero start. Measured on gr_30_30 (b = ones, 1e-8): 1185/387/97 sweeps at
 * omega 1/1.5/1.8 in both, and SSOR-CG 28/20 at omega 1/1.5.
 * In parallel PETSc only has processor-local SOR (the global sweeps fail with "Parallel SOR not
 * supported"), so the MPI variant is a different, block-Jacobi-like method whose best omega
 * depends on the partition.
 */

function stoppingOptions(s: ExportSettings): string[] {
  return [
    '-ksp_norm_type unpreconditioned',
    `-ksp_rtol ${formatNumber(s.tolerance)}`,
    '-ksp_atol 0',
    `-ksp_max_it ${s.maxIterations}`,
  ];
}

function sorSweep(s: ExportSettings, variant: PetscVariant): string {
  if (s.method === 'sor') return variant === 'mpi' ? '-pc_sor_local_forward' : '-pc_sor_forward';
  return variant === 'mpi' ? '-pc_sor_local_symmetric' : '-pc_sor_symmetric';
}

function methodOptions(s: ExportSettings, variant: PetscVariant): string[] {
  const ksp = s.method === 'sor' ? '-ksp_type richardson' : '-ksp_type cg';
  const head = [ksp, '-pc_type sor', sorSweep(s, variant), `-pc_sor_omega ${formatNumber(s.omega)}`];
  const tail = s.method === 'sor' ? ['-ksp_monitor ascii:/dev/null'] : [];
  return [...head, ...stoppingOptions(s), ...tail];
}

/** Measured on 1 process: the count PETSc's sequential run reproduces (the integration tests hold it to this). */
function measuredNote(s: ExportSettings): string[] {
  if (!s.measured || (s.ranks ?? 1) > 1) return [];
  const what = s.method === 'sor' ? 'sweeps' : 'iterations';
  const state = s.measured.converged ? '' : ` (did not converge: ${s.measured.reason ?? 'max-iterations'})`;
  const from = s.source ? ` on ${s.source}` : '';
  const petsc =
    s.method === 'sor'
      ? 'PETSc on 1 rank counts the same to within 1 sweep'
      : 'PETSc on 1 rank counts within 2 iterations of that (its SSOR sweep rounds differently: bcsstk03 at omega 1 is 89 in PETSc, 91 here)';
  return [`Relax measured ${s.measured.iterations} ${what}${from}${state}; ${petsc}.`];
}

/** Simulated on several ranks: what PETSc's MPI run will count, or that the local form fails and what works. */
function localNotes(s: ExportSettings): string[] {
  const ranks = s.ranks ?? 1;
  if (!s.measured || ranks === 1) return [];
  const name = s.method === 'sor' ? 'processor-local SOR' : 'CG with processor-local symmetric SOR';
  const what = s.method === 'sor' ? 'sweeps' : 'iterations';
  const split = `${ranks} ranks, PETSc's default contiguous row split`;
  if (s.measured.converged)
    return [
      `Relax simulated ${name} on ${split}: ${s.measured.iterations} ${what} at this omega, the count PETSc reports there.`,
    ];
  const notes = [
    `WARNING: ${name} on ${split} does not converge at this omega (${s.measured.reason ?? 'max-iterations'} after ${s.measured.iterations} ${what}): do not run it there.`,
  ];
  if (s.fallback) {
    const f = s.fallback;
    const line = methodOptions({ ...s, method: f.method, omega: f.omega }, 'mpi').join(' ');
    notes.push(
      `What works on ${ranks} ranks: ${line} converges in ${f.iterations} iterations (relax export --method ssor-cg --ranks ${ranks}).`,
    );
  }
  return notes;
}

function warmStartNote(s: ExportSettings): string {
  return s.method === 'sor'
    ? 'With a nonzero initial guess add -ksp_initial_guess_nonzero and -ksp_converged_use_initial_residual_norm (Relax measures SOR against ||r_0||).'
    : 'With a nonzero initial guess add -ksp_initial_guess_nonzero (the test stays relative to ||b||, as in Relax).';
}

/** The sequential and MPI option sets for one exported omega (throws RangeError on bad settings). */
export function petscOptionSets(s: ExportSettings): PetscOptionSet[] {
  checkExportSettings(s);
  const name = s.method === 'sor' ? 'SOR' : 'SSOR-CG';
  const seqNotes = [...measuredNote(s), warmStartNote(s)];
  if (s.method === 'sor') {
    seqNotes.push(
      '-ksp_monitor ascii:/dev/null is required: without a monitor PETSc skips the test and runs every sweep.',
    );
    seqNotes.push('-pc_sor_forward is required: PCSOR sweeps symmetrically by default.');
  }
  return [
    {
      variant: 'sequential',
      label: `${name}, sequential (1 process): the same iterations as Relax`,
      options: methodOptions(s, 'sequential'),
      notes: seqNotes,
    },
    {
      variant: 'mpi',
      label: `${name}, MPI (${(s.ranks ?? 1) > 1 ? `${s.ranks} processes` : 'several processes'}): processor-local SOR`,
      options: methodOptions(s, 'mpi'),
      notes: [
        ...localNotes(s),
        'PETSc has no parallel global SOR; local sweeps couple the blocks only through the outer iteration, so counts grow with the number of ranks and the best omega can shift (relax tune --ranks N finds it for N ranks; `relax serve` can learn it in the run).',
        warmStartNote(s),
      ],
    },
  ];
}

/** The options as one shell-ready line (what `Copy PETSc options` puts on the clipboard). */
export function petscOptionLine(set: PetscOptionSet): string {
  return set.options.join(' ');
}

function headerLine(s: ExportSettings): string {
  const ranks = s.ranks ?? 1;
  const measured = s.measured
    ? `; Relax measured ${s.measured.iterations} ${s.method === 'sor' ? 'sweeps' : 'iterations'}${s.measured.converged ? '' : ' (not converged)'} on ${ranks === 1 ? '1 process' : `${ranks} ranks (processor-local)`}`
    : '';
  return (
    `# Relax: ${s.method} omega = ${formatNumber(s.omega)}, tolerance ${formatNumber(s.tolerance)}, cap ${s.maxIterations}` +
    (s.source ? `, tuned on ${s.source}` : '') +
    measured
  );
}

/** Human-readable labelled text for both variants; every `#` line is a comment PETSc options files accept. */
export function formatPetscOptions(s: ExportSettings): string {
  const blocks = petscOptionSets(s).map((set) =>
    [`# ${set.label}`, ...set.notes.map((n) => `#   ${n}`), petscOptionLine(set)].join('\n'),
  );
  return [headerLine(s), ...blocks].join('\n\n') + '\n';
}

/** One variant as a PETSc options file (`-options_file FILE`): one option per line. */
export function formatPetscOptionsFile(s: ExportSettings, variant: PetscVariant): string {
  const set = petscOptionSets(s).find((o) => o.variant === variant);
  if (!set) throw new RangeError(`unknown variant ${variant}`);
  return [headerLine(s), `# ${set.label}`, ...set.notes.map((n) => `#   ${n}`), ...set.options].join('\n') + '\n';
}
