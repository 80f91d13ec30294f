/** Time as the forwarder sees it; tests pass a fake one (same shape as agent/src/time/clock.ts). */
export interface CloudClock {
  now(): number;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemCloudClock: CloudClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};
