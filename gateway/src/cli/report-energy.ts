import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Lang, translate } from '@ktv/protocol';
import { MAX_REPORT_DAYS } from '../energy/energy-routes.js';
import { powerFactOf } from '../energy/facts.js';
import { type EnergyReport, energyReport, hours, type PowerFact } from '../energy/hours.js';
import { readJournalFiles } from '../energy/journal-files.js';
import { storeTimeZone } from '../energy/store-time-zone.js';
import type { SettingsDocument } from '../settings/types.js';

export interface ReportIo {
  stdout(line: string): void;
  stderr(line: string): void;
  now?: () => number;
}

const USAGE = 'usage: ktv-gateway report energy --from YYYY-MM-DD --to YYYY-MM-DD [--data DIR] [--json] [--lang en]';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `ktv-gateway report energy`: per room and per day (store time zone), hours powered, in use and
 * powered while idle, read from the journal without opening it for writing (works beside a
 * running gateway). `--json` prints the EnergyReport (milliseconds). Exit 2 for bad arguments.
 */
export async function reportCommand(argv: readonly string[], io: ReportIo): Promise<number> {
  let values: { from?: string; to?: string; data?: string; json?: boolean; lang?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        data: { type: 'string' },
        json: { type: 'boolean', default: false },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    io.stderr(`ktv-gateway: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals[0] !== 'energy' || positionals.length !== 1) {
    io.stderr(`ktv-gateway: unknown report "${positionals.join(' ')}"\n${USAGE}`);
    return 2;
  }
  const lang: Lang = values.lang === 'en' ? 'en' : 'zh-CN';
  const data = values.data ?? process.env.KTV_GATEWAY_DATA;
  if (!data) {
    io.stderr(`ktv-gateway: --data DIR is required\n${USAGE}`);
    return 2;
  }
  const { from = '', to = '' } = values;
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!DAY.test(from) || !DAY.test(to) || !(span >= 0) || span >= MAX_REPORT_DAYS) {
    io.stderr(`ktv-gateway: ${translate(lang, 'cli.energy.badRange', { from, to, max: MAX_REPORT_DAYS })}`);
    return 2;
  }

  const settings = await readSettings(join(data, 'settings.json'));
  const facts: PowerFact[] = [];
  for await (const record of readJournalFiles(join(data, 'journal'))) {
    const fact = powerFactOf(record);
    if (fact) facts.push(fact);
  }
  const rooms = (settings.devices ?? []).flatMap((d) => (d.kind === 'room' && d.room && !d.revoked ? [d.room] : []));
  const report = energyReport({
    facts,
    rooms,
    from,
    to,
    timeZone: storeTimeZone(settings),
    until: (io.now ?? Date.now)(),
  });
  if (values.json) {
    io.stdout(JSON.stringify(report));
    return 0;
  }
  for (const line of formatReport(report, lang)) io.stdout(line);
  return 0;
}

async function readSettings(file: string): Promise<Partial<SettingsDocument>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Partial<SettingsDocument>;
  } catch {
    return {};
  }
}

/** The report as a table: one line per room and day with hours on, in use and idle, then totals. */
export function formatReport(report: EnergyReport, lang: Lang): string[] {
  const h = (ms: number) => hours(ms).toFixed(1).padStart(5);
  const lines = [
    translate(lang, 'cli.energy.header', { from: report.from, to: report.to, tz: report.timeZone }),
    translate(lang, 'cli.energy.columns'),
  ];
  for (const room of report.rooms) {
    for (const d of room.days) {
      lines.push(`${room.room.padEnd(5)} ${d.date} ${h(d.onMs)} ${h(d.inUseMs)}  ${h(d.onMs - d.inUseMs)}`);
    }
    lines.push(
      `${room.room.padEnd(5)} ${translate(lang, 'cli.energy.total').padEnd(10)} ${h(room.totalOnMs)} ${h(room.totalInUseMs)}  ${h(room.totalOnMs - room.totalInUseMs)}`,
    );
  }
  return lines;
}
