// At most `concurrency` tasks in flight; run() waits for a free slot (back-pressure on whoever
// produces the work, e.g. a bucket listing), drain() waits for all. The first failure is rethrown.
export interface Bounded {
  run(task: () => Promise<unknown>): Promise<void>;
  drain(): Promise<void>;
}

export function bounded(concurrency: number): Bounded {
  const running = new Set<Promise<unknown>>();
  let failure: { err: unknown } | undefined;
  const check = () => {
    if (failure) throw failure.err;
  };
  return {
    async run(task) {
      check();
      while (running.size >= concurrency) await Promise.race(running);
      check();
      const p: Promise<unknown> = task()
        .catch((err: unknown) => {
          failure ??= { err };
        })
        .finally(() => running.delete(p));
      running.add(p);
    },
    async drain() {
      await Promise.all(running);
      check();
    },
  };
}
