import { errorDetail } from '@ktv/protocol';
import type { ChipInfo, GpiodVersion, LineInfo } from '../../hardware/gpio/libgpiod-output.js';
import { GpiodTools } from '../../hardware/gpio/tools.js';
import type { LineFound, LineLookup } from './gpio.js';

/**
 * The real lookup: Debian's libgpiod tools, as the gpiod sensor driver finds its lines — chips by
 * label (`gpiodetect`), lines by name (`gpioinfo`), never sysfs numbers. Every line is answered
 * (not only the first missing one); a line held by a program is found, with its holder named.
 */
export class GpiodLineLookup implements LineLookup {
  readonly driver = 'gpiod';
  private readonly tools: GpiodTools;

  /** `chipLabel` empty: any chip. `env`: PATH for the tools (tests put the tool twins first). */
  constructor(
    private readonly chipLabel: string,
    env?: NodeJS.ProcessEnv,
  ) {
    this.tools = new GpiodTools(env);
  }

  async find(names: readonly string[]): Promise<LineFound[]> {
    let version: GpiodVersion;
    let chips: ChipInfo[];
    try {
      version = await this.tools.version();
      chips = await this.tools.chips();
    } catch (e) {
      return names.map((name) => ({ name, found: false, reason: errorDetail(e) }));
    }
    const wanted = this.chipLabel ? chips.filter((c) => c.label === this.chipLabel) : chips;
    if (wanted.length === 0) {
      const seen = chips.map((c) => `${c.name} [${c.label}]`).join(', ') || 'none';
      const reason = this.chipLabel ? `no GPIO chip labelled "${this.chipLabel}" (chips: ${seen})` : 'no GPIO chips';
      return names.map((name) => ({ name, found: false, reason }));
    }
    const lines: { chip: ChipInfo; line: LineInfo }[] = [];
    for (const chip of wanted) {
      for (const line of await this.tools.lines(version, chip.name)) lines.push({ chip, line });
    }
    const where = wanted.map((c) => `${c.name} [${c.label}]`).join(', ');
    return names.map((name) => {
      const hit = lines.find((l) => l.line.name === name);
      if (!hit) return { name, found: false, reason: `not on ${where}` };
      const held = hit.line.used ? `, held by "${hit.line.consumer ?? 'kernel'}"` : '';
      return { name, found: true, where: `${hit.chip.name} ${hit.line.offset}${held}` };
    });
  }
}
