import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_LANG, formatResult, formatSummary, isLang, SOFTWARE_VERSION, translate } from '@ktv/protocol';
import { type GatewayDoctorDeps, runGatewayDoctor } from './gateway-doctor.js';

export interface DoctorIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const DOCTOR_USAGE =
  'usage: ktv-gateway doctor [--data DIR] [--config FILE] [--lang zh-CN|en] [--json]\n' +
  '  without --data: /var/lib/ktv-gateway, and /etc/ktv/gateway.json when it exists (as the gateway service runs)\n';

/** Where the store gateway keeps its data and config (systemd/ktv-gateway.service). */
export const GATEWAY_PATHS = { data: '/var/lib/ktv-gateway', config: '/etc/ktv/gateway.json' } as const;

/**
 * `ktv-gateway doctor`: every check prints ok or a numbered fault with its fix; exit 0 when all
 * are ok (or skipped), 1 on any fault, 2 on a usage error. `--json` prints one DoctorReport.
 */
export async function doctorCommand(
  argv: readonly string[],
  io: DoctorIo,
  deps?: Partial<GatewayDoctorDeps>,
  service: { data: string; config: string } = GATEWAY_PATHS,
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
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    io.stderr(`ktv-gateway doctor: ${(e as Error).message}\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(DOCTOR_USAGE);
    return 0;
  }
  const lang = values.lang ?? DEFAULT_LANG;
  if (!isLang(lang)) {
    io.stderr(`ktv-gateway doctor: --lang must be zh-CN or en, not "${lang}"\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (values.data === undefined) {
    if (!existsSync(service.data)) {
      io.stderr(`ktv-gateway doctor: --data DIR is required (no ${service.data} here)\n${DOCTOR_USAGE}`);
      return 2;
    }
    values.data = service.data;
    if (values.config === undefined && existsSync(service.config)) values.config = service.config;
  }
  const json = values.json === true;
  if (!json) io.stdout(`${translate(lang, 'doctor.header.gateway', { version: SOFTWARE_VERSION })}\n`);
  const report = await runGatewayDoctor({
    dataDir: values.data,
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    lang,
    ...(deps ? { deps } : {}),
    ...(json ? {} : { onResult: (r) => io.stdout(formatResult(r, lang)) }),
  });
  if (json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(formatSummary(report, lang));
  return report.ok ? 0 : 1;
}
