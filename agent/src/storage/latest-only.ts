/**
 * Wraps a save so that a burst of values (a volume slider dragged) costs at most two writes: the
 * one in flight and then the newest value given meanwhile; values in between are skipped. Every
 * returned promise settles when a save at least as new as its value has finished (or failed).
 */
export function latestOnly<T>(save: (value: T) => Promise<void>): (value: T) => Promise<void> {
  let running: Promise<void> | undefined;
  let next: { value: T; done: Promise<void>; settle: (e?: unknown) => void } | undefined;

  const run = (value: T): Promise<void> => {
    const p = save(value).finally(() => {
      running = undefined;
      const queued = next;
      next = undefined;
      if (queued) {
        run(queued.value).then(
          () => queued.settle(),
          (e: unknown) => queued.settle(e ?? new Error('save failed')),
        );
      }
    });
    running = p.catch(() => undefined);
    return p;
  };

  return (value) => {
    if (!running) return run(value);
    if (next) {
      next.value = value;
      return next.done;
    }
    let settle: (e?: unknown) => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      settle = (e) => (e === undefined ? resolve() : reject(e));
    });
    next = { value, done, settle };
    return done;
  };
}
