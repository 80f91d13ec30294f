/**
 * A queue for async work that must not overlap (read-modify-write of a file, a journaled
 * operation): each call runs after the previous one settled, in call order, and a failure is
 * returned to its caller without stopping the next. Pure: no I/O of its own.
 */
export function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
