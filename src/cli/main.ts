#!/usr/bin/env node
import { BENCH_USAGE, runBench } from './bench';
import { describeError, EXIT_BAD_INPUT, EXIT_OK, reportError } from './exit';
import { INFO_USAGE, runInfo } from './info';
import { LEARN_USAGE, runLearn } from './learn';
import { EXPORT_USAGE, runExport } from './export';
import { runServe, SERVE_USAGE } from './serve';
import { runSolve, SOLVE_USAGE } from './solve';
import { runTune, TUNE_USAGE } from './tune';

/** One entry per subcommand: other commands add one line here. `usage` is printed for `--help`. */
interface Command {
  summary: string;
  run: (args: string[]) => Promise<number>;
  usage?: string;
}

const commands: Record<string, Command> = {
  info: {
    summary: 'describe a Matrix Market matrix (size, symmetry, diagonal, rho, Young omega*)',
    run: runInfo,
    usage: INFO_USAGE,
  },
  solve: { summary: 'solve A x = b with SOR, SSOR-CG or CG', run: runSolve, usage: SOLVE_USAGE },
  tune: { summary: 'find the omega with the fewest iterations for one system', run: runTune, usage: TUNE_USAGE },
  bench: { summary: 'time raw SOR sweeps', run: runBench, usage: BENCH_USAGE },
  learn: {
    summary: 'learn omega across a sequence of systems (SPEC.relax.json); --compare learners and comparators',
    run: runLearn,
    usage: LEARN_USAGE,
  },
  serve: { summary: 'the learner as a JSON-lines service (PETSc / Python clients)', run: runServe, usage: SERVE_USAGE },
  export: {
    summary: 'print PETSc options (sequential and MPI), a SciPy script or JSON for a tuned omega',
    run: runExport,
    usage: EXPORT_USAGE,
  },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: relax <command> [options]   (relax <command> --help for details)\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Runs the CLI and returns the exit status: 0 completed, 2 bad input or usage, 1 internal error. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? rest[0] : undefined;
    const c = target !== undefined ? commands[target] : undefined;
    process.stdout.write(c?.usage !== undefined ? c.usage + '\n' : help());
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  if (name === '--version') {
    process.stdout.write('relax 0.1.0\n');
    return EXIT_OK;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`relax: unknown command '${name}' (commands: ${Object.keys(commands).join(', ')})\n`);
    return EXIT_BAD_INPUT;
  }
  if (command.usage !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(command.usage + '\n');
    return EXIT_OK;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    return reportError(e);
  }
}

// Last line of defence: nothing escapes as a stack trace.
process.on('uncaughtException', (e) => {
  process.stderr.write(`relax: ${describeError(e).line}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = reportError(e);
  },
);
