// A running simulation for "Attach to Running Simulation…": `relax serve` (dist/cli.js) over stdio,
// stepped by the scenario (predict, observe, save), writing its state file where the editor can follow it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './env.mjs';

/** Iterations the simulated solver needs at `omega`: smallest near 1.7, so the learner has something to learn. */
const cost = (omega) => Math.round(40 + 600 * (omega - 1.7) ** 2);

/** Starts `relax serve` with a contextual learner saving to `stateFile`; `step(n)` runs n more steps and saves. */
export async function startSimulation(stateFile) {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'serve'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.on('error', () => undefined);
  const replies = [];
  const waiters = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiters.shift();
    if (w) w(JSON.parse(line));
    else replies.push(JSON.parse(line));
  });
  const request = (message) => {
    child.stdin.write(JSON.stringify(message) + '\n');
    return replies.length > 0 ? Promise.resolve(replies.shift()) : new Promise((r) => waiters.push(r));
  };
  const ok = async (message) => {
    const reply = await request(message);
    if (!reply.ok) throw new Error(`relax serve refused ${JSON.stringify(message)}: ${JSON.stringify(reply)}`);
    return reply;
  };
  await ok({ type: 'hello', learner: 'chebcb', seed: 1, contextRange: [0, 10], stateFile });
  let steps = 0;
  return {
    pid: child.pid,
    get steps() {
      return steps;
    },
    async step(n) {
      for (let k = 0; k < n; k++) {
        const p = await ok({ type: 'predict', context: (steps % 10) + 0.25 });
        await ok({ type: 'observe', id: p.id, iterations: cost(p.omega), converged: true });
        steps++;
      }
      await ok({ type: 'save' });
    },
    stop() {
      child.kill('SIGKILL');
    },
  };
}
