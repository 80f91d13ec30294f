import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { installToolTwins } from './install-tools.js';
import {
  type ControlMessage,
  holderOf,
  type LineHolder,
  type LineState,
  monitorSocket,
  readLine,
  type World,
  type WorldChip,
  writeLine,
} from './tool-twins/gpio-world.js';

export const GPIO_TOOLS = ['gpiomon', 'gpioset', 'gpioget', 'gpioinfo', 'gpiodetect'] as const;

/** A Raspberry Pi 4's main GPIO chip as the kernel names its lines (bcm2711-rpi-4-b.dts), plus the expander. */
export function pi4Chips(): WorldChip[] {
  const names = [
    'ID_SDA',
    'ID_SCL',
    'GPIO2',
    'GPIO3',
    'GPIO4',
    'GPIO5',
    'GPIO6',
    'GPIO7',
    'GPIO8',
    'GPIO9',
    'GPIO10',
    'GPIO11',
    'GPIO12',
    'GPIO13',
    'GPIO14',
    'GPIO15',
    'GPIO16',
    'GPIO17',
    'GPIO18',
    'GPIO19',
    'GPIO20',
    'GPIO21',
    'GPIO22',
    'GPIO23',
    'GPIO24',
    'GPIO25',
    'GPIO26',
    'GPIO27',
    'RGMII_MDIO',
    'RGMIO_MDC',
    'CTS0',
    'RTS0',
    'TXD0',
    'RXD0',
    'SD1_CLK',
    'SD1_CMD',
    'SD1_DATA0',
    'SD1_DATA1',
    'SD1_DATA2',
    'SD1_DATA3',
    'PWM0_MISO',
    'PWM1_MOSI',
    'STATUS_LED_G_CLK',
    'SPIFLASH_CE_N',
    'SDA0',
    'SCL0',
    'RGMII_RXCLK',
    'RGMII_RXCTL',
    'RGMII_RXD0',
    'RGMII_RXD1',
    'RGMII_RXD2',
    'RGMII_RXD3',
    'RGMII_TXCLK',
    'RGMII_TXCTL',
    'RGMII_TXD0',
    'RGMII_TXD1',
    'RGMII_TXD2',
    'RGMII_TXD3',
  ];
  const expander = ['BT_ON', 'WL_ON', 'PWR_LED_OFF', 'GLOBAL_RESET', 'VDD_SD_IO_SEL', 'CAM_GPIO', 'SD_PWR_ON', ''];
  return [
    { name: 'gpiochip0', label: 'pinctrl-bcm2711', lines: names.map((name, offset) => ({ offset, name })) },
    {
      name: 'gpiochip1',
      label: 'raspberrypi-exp-gpio',
      lines: expander.map((name, offset) => ({ offset, name: name === '' ? null : name })),
    },
  ];
}

export interface GpioTwinOptions {
  /** "1.6.3" (Debian 12) or "2.1.3" (Debian 13). */
  version: string;
  chips?: WorldChip[];
  /** Electrical levels at start, by line name (default 0). */
  levels?: Record<string, 0 | 1>;
}

/**
 * The test's side of the libgpiod tool twins: a GPIO world in a temp folder, the twins on a PATH,
 * and controls: change a pin's level (the contact, PIR or button), make a line busy, kill or hang
 * a running gpiomon, read what a gpioset drives.
 */
export class GpioTwin {
  private readonly sockets = new Map<string, Socket>();

  private constructor(
    readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
    private readonly world: World,
  ) {}

  static async create(options: GpioTwinOptions): Promise<GpioTwin> {
    const dir = await mkdtemp(join(tmpdir(), 'ktv-gpio-twin-'));
    const world: World = { version: options.version, chips: options.chips ?? pi4Chips() };
    await writeFile(join(dir, 'world.json'), JSON.stringify(world));
    await mkdir(join(dir, 'lines'), { recursive: true });
    const bin = join(dir, 'bin');
    await installToolTwins(bin, GPIO_TOOLS);
    const twin = new GpioTwin(
      dir,
      { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, KTV_GPIO_WORLD: dir },
      world,
    );
    for (const [name, value] of Object.entries(options.levels ?? {})) {
      const { chip, offset } = twin.find(name);
      writeLine(dir, chip, offset, { value });
    }
    return twin;
  }

  find(name: string): { chip: string; offset: number } {
    for (const c of this.world.chips) {
      const l = c.lines.find((x) => x.name === name);
      if (l) return { chip: c.name, offset: l.offset };
    }
    throw new Error(`no line ${name} in the twin world`);
  }

  line(name: string): LineState & { live?: LineHolder } {
    const { chip, offset } = this.find(name);
    const live = holderOf(this.dir, chip, offset);
    return { ...readLine(this.dir, chip, offset), ...(live ? { live } : {}) };
  }

  /** Whether a gpioset drives the line high now (a relay on it is energised). */
  driven(name: string): boolean {
    const l = this.line(name);
    return l.live?.direction === 'output' && l.value === 1;
  }

  /** The pid of the gpiomon watching the line, if one runs. */
  monitorPid(name: string): number | undefined {
    const l = this.line(name).live;
    return l?.consumer === 'gpiomon' || l?.edges ? l?.pid : undefined;
  }

  /**
   * The pin goes to `value` (a contact closing, a PIR output rising): the line's level changes
   * and a gpiomon watching it gets the edge with the kernel's timestamp. Returns whether a
   * monitor got it.
   */
  async set(name: string, value: 0 | 1): Promise<boolean> {
    const { chip, offset } = this.find(name);
    const state = readLine(this.dir, chip, offset);
    if (state.value === value) return false;
    writeLine(this.dir, chip, offset, { ...state, value });
    const ns = process.hrtime.bigint().toString();
    return this.send(name, { kind: 'edge', value, ns });
  }

  /** Sends a control message to the line's gpiomon (`die`, `hang`); false when none listens. */
  async send(name: string, message: ControlMessage): Promise<boolean> {
    if (this.monitorPid(name) === undefined) return false;
    const socket = await this.socketFor(name);
    if (!socket) return false;
    socket.write(`${JSON.stringify(message)}\n`);
    return true;
  }

  /** Another program holds the line (gpioinfo shows it as the consumer). */
  hold(name: string, consumer: string, direction: 'input' | 'output' = 'input'): void {
    const { chip, offset } = this.find(name);
    const state = readLine(this.dir, chip, offset);
    writeLine(this.dir, chip, offset, { ...state, holder: { consumer, pid: process.pid, direction } });
  }

  release(name: string): void {
    const { chip, offset } = this.find(name);
    writeLine(this.dir, chip, offset, { value: readLine(this.dir, chip, offset).value });
  }

  /** Every tool invocation so far, argv with the tool's name first. */
  calls(): string[][] {
    try {
      return readFileSync(join(this.dir, 'calls.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]);
    } catch {
      return [];
    }
  }

  async cleanup(): Promise<void> {
    for (const s of this.sockets.values()) s.destroy();
    this.sockets.clear();
    // a twin process that was just ended may still be removing its socket: rm retries ENOTEMPTY
    await rm(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }

  private async socketFor(name: string): Promise<Socket | undefined> {
    const pid = this.monitorPid(name);
    const key = `${name}:${pid}`;
    const existing = this.sockets.get(key);
    if (existing && !existing.destroyed) return existing;
    const { chip, offset } = this.find(name);
    const path = monitorSocket(this.dir, chip, offset);
    return new Promise((resolve) => {
      const s = connect(path);
      s.once('connect', () => {
        this.sockets.set(key, s);
        resolve(s);
      });
      s.once('error', () => resolve(undefined));
      s.on('close', () => this.sockets.delete(key));
    });
  }
}
