/**
 * Runs one task at a time in the sense that counts: a new run aborts the
 * one in flight, and the older run's result is reported as superseded, so
 * a slow answer can never overwrite a newer one. Plain module.
 */

export type LatestResult<T> = { status: 'done'; value: T } | { status: 'superseded' };

export class LatestRequest {
  private controller: AbortController | undefined;
  private generation = 0;

  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<LatestResult<T>> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const generation = ++this.generation;
    try {
      const value = await task(controller.signal);
      if (generation !== this.generation) return { status: 'superseded' };
      return { status: 'done', value };
    } catch (e) {
      if (generation !== this.generation) return { status: 'superseded' };
      throw e;
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  /** Aborts the run in flight, if any; it will report `superseded`. */
  cancel(): void {
    this.generation++;
    this.controller?.abort();
    this.controller = undefined;
  }

  get busy(): boolean {
    return this.controller !== undefined;
  }
}
