import { type DoctorCheck, errorDetail, fault, ok, skip } from '@ktv/protocol';

/** One line asked for by name: found (where: chip and offset) or not (why). */
export interface LineFound {
  name: string;
  found: boolean;
  /** `gpiochip0 17` or `sim`. */
  where?: string;
  /** Why a line is missing or busy (e.g. held by another consumer). */
  reason?: string;
}

/** Finds GPIO lines by name. The real one reads libgpiod's tools; the sim twin answers from its lines. */
export interface LineLookup {
  readonly driver: string;
  find(names: readonly string[], signal: AbortSignal): Promise<LineFound[]>;
}

/**
 * The simulated sensor driver's answer: its lines are there unless a test unplugged them.
 */
export class SimLineLookup implements LineLookup {
  readonly driver = 'sim';
  private readonly unplugged: ReadonlySet<string>;

  constructor(unplugged: Iterable<string> = []) {
    this.unplugged = new Set(unplugged);
  }

  async find(names: readonly string[]): Promise<LineFound[]> {
    return names.map((name) =>
      this.unplugged.has(name)
        ? { name, found: false, reason: 'not connected (simulated)' }
        : { name, found: true, where: 'sim' },
    );
  }
}

export interface GpioCheckOptions {
  /** The line names the config asks for. */
  names: readonly string[];
  /** null: this build has no lookup for the configured driver (reported as skipped, with the driver). */
  lookup: LineLookup | null;
  driver: string;
}

export function gpioCheck(o: GpioCheckOptions): DoctorCheck {
  return {
    name: 'gpio',
    title: 'doctor.check.gpio',
    timeoutMs: 8000,
    failCode: 'D107',
    async run(signal) {
      if (!o.lookup) return skip('doctor.skip.gpioUnavailable', { driver: o.driver });
      let found: LineFound[];
      try {
        found = await o.lookup.find(o.names, signal);
      } catch (e) {
        return fault('D107', { lines: o.names.join(', ') }, errorDetail(e));
      }
      const missing = found.filter((l) => !l.found);
      if (missing.length > 0) {
        const detail = missing.map((l) => `${l.name}: ${l.reason ?? 'not found'}`).join('; ');
        return fault('D107', { lines: missing.map((l) => l.name).join(', ') }, detail);
      }
      const lines = found.map((l) => (l.where ? `${l.name} (${l.where})` : l.name)).join(', ');
      return ok('doctor.ok.gpio', { count: found.length, lines });
    },
  };
}
