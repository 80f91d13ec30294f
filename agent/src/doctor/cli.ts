import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_LANG, formatResult, formatSummary, isLang, SOFTWARE_VERSION, translate } from '@ktv/protocol';
import { type AgentDoctorDeps, runAgentDoctor } from './agent-doctor.js';

export interface DoctorIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const DOCTOR_USAGE =
  'usage: ktv-agent doctor [--config FILE] [--data DIR] [--lang zh-CN|en] [--json]\n' +
  '  without --config: /var/lib/ktv/agent.json with --data /var/lib/ktv (as the room box runs the agent)\n';

/** Where a room box keeps its config and data (systemd/ktv-agent.service). */
export const ROOM_BOX_PATHS = { config: '/var/lib/ktv/agent.json', data: '/var/lib/ktv' } as const;

/**
 * `ktv-agent doctor`: every check prints ok or a numbered fault with its fix; exit 0 when all
 * are ok (or skipped), 1 on any fault, 2 on a usage error. `--json` prints one DoctorReport.
 */
export async function doctorCommand(
  argv: readonly string[],
  io: DoctorIo,
  deps?: Partial<AgentDoctorDeps>,
  roomBox: { config: string; data: string } = ROOM_BOX_PATHS,
): Promise<number> {
  let values: { config?: string; data?: string; lang?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        data: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    io.stderr(`ktv-agent doctor: ${(e as Error).message}\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(DOCTOR_USAGE);
    return 0;
  }
  const lang = values.lang ?? DEFAULT_LANG;
  if (!isLang(lang)) {
    io.stderr(`ktv-agent doctor: --lang must be zh-CN or en, not "${lang}"\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (values.config === undefined) {
    if (!existsSync(roomBox.config)) {
      io.stderr(`ktv-agent doctor: --config FILE is required (no ${roomBox.config} here)\n${DOCTOR_USAGE}`);
      return 2;
    }
    values.config = roomBox.config;
    values.data ??= roomBox.data;
  }
  const json = values.json === true;
  if (!json) io.stdout(`${translate(lang, 'doctor.header.agent', { version: SOFTWARE_VERSION })}\n`);
  const report = await runAgentDoctor({
    configFile: values.config,
    ...(values.data !== undefined ? { dataDir: values.data } : {}),
    lang,
    ...(deps ? { deps } : {}),
    ...(json ? {} : { onResult: (r) => io.stdout(formatResult(r, lang)) }),
  });
  if (json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(formatSummary(report, lang));
  return report.ok ? 0 : 1;
}
