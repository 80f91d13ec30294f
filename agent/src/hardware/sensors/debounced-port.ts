import type { Clock } from '../../time/clock.js';
import { Debouncer } from './debounce.js';
import {
  INPUT_LINES,
  type InputLine,
  type LineChange,
  type LineLevels,
  type SensorDriver,
  type SensorPort,
} from './port.js';

/** The shared port logic every driver runs behind: debouncing and change listeners. */
export function createSensorPort(driver: SensorDriver, options: { debounceMs: number; clock: Clock }): SensorPort {
  const listeners = new Set<(change: LineChange) => void>();
  let debouncers: Record<InputLine, Debouncer> | undefined;
  let running = false;

  const emit = (change: LineChange) => {
    for (const l of listeners) l(change);
  };

  return {
    async start() {
      const initial = await driver.start((line, level, at) => {
        if (running) debouncers?.[line].feed(level, at);
      });
      const make = (line: InputLine) =>
        new Debouncer(initial[line], options.debounceMs, options.clock, (level, at) => emit({ line, level, at }));
      debouncers = { door: make('door'), motion: make('motion'), callButton: make('callButton') };
      running = true;
    },
    async stop() {
      running = false;
      for (const line of INPUT_LINES) debouncers?.[line].dispose();
      await driver.stop();
    },
    levels(): LineLevels {
      return {
        door: debouncers?.door.level ?? false,
        motion: debouncers?.motion.level ?? false,
        callButton: debouncers?.callButton.level ?? false,
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
