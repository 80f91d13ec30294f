import { GpioError, GpioErrorCodes } from './errors.js';
import type { ChipInfo, GpiodVersion, LineInfo } from './libgpiod-output.js';
import type { GpiodTools } from './tools.js';

export interface LineRequest {
  /** What the line is for (`door`, `tvPower`), for messages. */
  role: string;
  /** The kernel's line name (`GPIO17`). */
  line: string;
}

export interface ResolvedLine extends LineRequest {
  chip: string;
  chipLabel: string;
  offset: number;
}

/**
 * Finds each line by name (never by a number): on the chip whose label is `chipLabel` (e.g.
 * `pinctrl-bcm2711` on a Pi 4, `pinctrl-rp1` on a Pi 5), or on any chip when it is empty.
 * A missing line or a line held by another program fails with the line's name and role, and for
 * a busy line the holder as gpioinfo shows it.
 */
export async function resolveLines(
  tools: GpiodTools,
  version: GpiodVersion,
  chipLabel: string,
  requests: readonly LineRequest[],
): Promise<ResolvedLine[]> {
  const all = await tools.chips();
  const chips = chipLabel ? all.filter((c) => c.label === chipLabel) : all;
  if (chips.length === 0) {
    const found = all.map((c) => `${c.name} [${c.label}]`).join(', ') || 'none';
    throw new GpioError(
      GpioErrorCodes.CHIP,
      chipLabel ? `no GPIO chip labelled "${chipLabel}" (chips: ${found})` : 'no GPIO chips on this machine',
    );
  }
  const infos: { chip: ChipInfo; lines: LineInfo[] }[] = [];
  for (const chip of chips) infos.push({ chip, lines: await tools.lines(version, chip.name) });

  const out: ResolvedLine[] = [];
  const missing: string[] = [];
  for (const req of requests) {
    const hit = infos.flatMap(({ chip, lines }) =>
      lines.filter((l) => l.name === req.line).map((l) => ({ chip, l })),
    )[0];
    if (!hit) {
      missing.push(`"${req.line}" (${req.role})`);
      continue;
    }
    if (hit.l.used) {
      throw new GpioError(
        GpioErrorCodes.LINE_BUSY,
        `GPIO line "${req.line}" (${req.role}) is busy: held by "${hit.l.consumer ?? 'kernel'}" on ${hit.chip.name} offset ${hit.l.offset}`,
      );
    }
    out.push({ ...req, chip: hit.chip.name, chipLabel: hit.chip.label, offset: hit.l.offset });
  }
  if (missing.length) {
    const where = chips.map((c) => `${c.name} [${c.label}]`).join(', ');
    throw new GpioError(GpioErrorCodes.LINE_MISSING, `GPIO line ${missing.join(', ')} not found on ${where}`);
  }
  const seen = new Map<string, string>();
  for (const r of out) {
    const key = `${r.chip}:${r.offset}`;
    const other = seen.get(key);
    if (other)
      throw new GpioError(
        GpioErrorCodes.LINE_BUSY,
        `GPIO line "${r.line}" is configured twice (${other} and ${r.role})`,
      );
    seen.set(key, r.role);
  }
  return out;
}

/** Who holds a line now (gpioinfo's consumer), for an error message. */
export async function holderOf(tools: GpiodTools, version: GpiodVersion, line: ResolvedLine): Promise<string | null> {
  try {
    const lines = await tools.lines(version, line.chip);
    return lines.find((l) => l.offset === line.offset)?.consumer ?? null;
  } catch {
    return null;
  }
}
