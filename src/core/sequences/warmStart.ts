import type { Instance, InstanceStream, Sequence } from './sequence';

/**
 * The same sequence with every instance that has no warm start of its own started from the solution
 * reported (`accept`) for the previous instance, when the sizes agree. Instances that carry their own
 * x_0 (heat2d's previous time step) keep it. The first instance starts from zero as before.
 */
export function withWarmStart(sequence: Sequence): Sequence {
  return {
    info: sequence.info,
    open(seedOffset?: number): InstanceStream {
      return new WarmStartStream(sequence.open(seedOffset));
    },
  };
}

class WarmStartStream implements InstanceStream {
  // One buffer reused for the whole pass: the solvers never write into x0.
  private previous: Float64Array | undefined;
  private hasPrevious = false;

  constructor(private readonly inner: InstanceStream) {}

  async next(): Promise<Instance | undefined> {
    const instance = await this.inner.next();
    if (!instance || instance.x0 !== undefined || !this.hasPrevious) return instance;
    const previous = this.previous as Float64Array;
    return previous.length === instance.A.rows ? { ...instance, x0: previous } : instance;
  }

  accept(x: Float64Array): void {
    this.inner.accept(x);
    if (this.previous === undefined || this.previous.length !== x.length) this.previous = new Float64Array(x.length);
    this.previous.set(x);
    this.hasPrevious = true;
  }
}
