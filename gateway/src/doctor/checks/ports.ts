import { createServer } from 'node:net';
import { type DoctorCheck, type DoctorFaultCode, errorDetail, fault, ok } from '@ktv/protocol';

/** Binds host:port and lets it go again: resolves null when free, or the error (EADDRINUSE, EACCES). */
export function tryBind(host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** Whether this gateway's admin app answers on host:httpPort (then the busy port is its own). */
export async function gatewayAnswers(host: string, httpPort: number, signal: AbortSignal): Promise<boolean> {
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  try {
    const res = await fetch(`http://${h.includes(':') ? `[${h}]` : h}:${httpPort}/api/i18n`, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as { defaultLang?: unknown; catalogs?: unknown };
    return typeof body.defaultLang === 'string' && typeof body.catalogs === 'object';
  } catch {
    return false;
  }
}

export interface PortCheckOptions {
  name: 'mqttPort' | 'httpPort';
  host: string;
  port: number;
  /** The gateway's HTTP port: a busy port is fine when the running gateway answers there. */
  httpPort: number;
  code: DoctorFaultCode;
}

/** The port can be bound, or is held by the running gateway itself. */
export function portCheck(o: PortCheckOptions): DoctorCheck {
  return {
    name: o.name,
    title: o.name === 'mqttPort' ? 'doctor.check.mqttPort' : 'doctor.check.httpPort',
    timeoutMs: 5000,
    failCode: o.code,
    async run(signal) {
      const params = { host: o.host, port: o.port };
      if (o.port === 0) return ok('doctor.ok.port', params, 'port 0: the system picks a free one');
      const error = await tryBind(o.host, o.port);
      if (error === null) return ok('doctor.ok.port', params);
      if (error.code === 'EADDRINUSE' && (await gatewayAnswers(o.host, o.httpPort, signal))) {
        return ok('doctor.ok.portGateway', params);
      }
      return fault(o.code, params, errorDetail(error));
    },
  };
}
