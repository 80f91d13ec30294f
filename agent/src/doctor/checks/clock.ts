import { type DoctorCheck, errorDetail, fault, ok, skip } from '@ktv/protocol';

/** The gateway's time as its HTTP `Date` header says (1 s resolution), with when we asked and heard. */
export interface GatewayTime {
  /** Date header, ms since the epoch (whole seconds). */
  gatewayMs: number;
  sentAt: number;
  receivedAt: number;
}

export type ReadGatewayTime = (url: string, now: () => number, signal: AbortSignal) => Promise<GatewayTime>;

/** Real: HEAD the gateway's unauthenticated `/api/i18n` and read its Date header. */
export const readGatewayTimeHttp: ReadGatewayTime = async (url, now, signal) => {
  const sentAt = now();
  let res: Response;
  try {
    res = await fetch(`${url}/api/i18n`, { method: 'HEAD', signal });
  } catch (e) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is its cause.
    const cause = (e as { cause?: unknown }).cause;
    throw cause instanceof Error ? cause : e;
  }
  const receivedAt = now();
  await res.body?.cancel();
  const date = res.headers.get('date');
  const gatewayMs = date === null ? Number.NaN : Date.parse(date);
  if (!Number.isFinite(gatewayMs)) throw new Error(`no usable Date header from ${url} (HTTP ${res.status})`);
  return { gatewayMs, sentAt, receivedAt };
};

/**
 * How far this clock is from the gateway's, in ms, and how sure that is: the Date header cuts to
 * the second (the gateway's time lies in [date, date + 1000)) and the answer took a round trip.
 * Pure.
 */
export function clockOffset(t: GatewayTime): { offsetMs: number; uncertaintyMs: number } {
  const ours = (t.sentAt + t.receivedAt) / 2;
  const theirs = t.gatewayMs + 500;
  return { offsetMs: ours - theirs, uncertaintyMs: 500 + (t.receivedAt - t.sentAt) / 2 };
}

/** Whether an offset is beyond the tolerance even at the most favourable reading. Pure. */
export const clockTooFar = (offsetMs: number, uncertaintyMs: number, toleranceMs: number): boolean =>
  Math.abs(offsetMs) - uncertaintyMs > toleranceMs;

export interface ClockCheckOptions {
  gatewayHttpUrl: string;
  now: () => number;
  toleranceMs: number;
  read?: ReadGatewayTime;
}

export function clockCheck(o: ClockCheckOptions): DoctorCheck {
  const read = o.read ?? readGatewayTimeHttp;
  return {
    name: 'clock',
    title: 'doctor.check.clock',
    timeoutMs: 8000,
    failCode: 'D104',
    async run(signal) {
      let t: GatewayTime;
      try {
        t = await read(o.gatewayHttpUrl, o.now, AbortSignal.any([signal, AbortSignal.timeout(5000)]));
      } catch (e) {
        return skip('doctor.skip.clockNoGateway', { url: o.gatewayHttpUrl }, errorDetail(e));
      }
      const { offsetMs, uncertaintyMs } = clockOffset(t);
      const params = { offsetS: (offsetMs / 1000).toFixed(1), toleranceS: o.toleranceMs / 1000 };
      const detail = `gateway ${new Date(t.gatewayMs).toISOString()}, here ${new Date(t.receivedAt).toISOString()}`;
      if (clockTooFar(offsetMs, uncertaintyMs, o.toleranceMs)) return fault('D104', params, detail);
      return ok('doctor.ok.clock', params);
    },
  };
}
