import { type DoctorCheck, type DoctorOutcome, fault, ok } from '@ktv/protocol';
import { connect } from 'mqtt';

export interface GatewayCredentials {
  mqttUrl: string;
  username: string;
  password: string;
  roomId: string;
}

/** How a connection attempt ended: CONNACK accepted, refused with a return code, or a socket error. */
export type ConnectResult =
  | { kind: 'accepted' }
  | { kind: 'refused'; returnCode: number; message: string }
  | { kind: 'unreachable'; message: string };

/**
 * What a CONNACK return code means for a technician (MQTT 3.1.1 §3.2.2.3 and the MQTT 5 reason
 * codes): 4 / 0x86 bad username or password, 5 / 0x87 not authorised, 2 / 0x85 client id refused,
 * 3 / 0x88 server unavailable. Pure.
 */
export function connectOutcome(result: ConnectResult, c: GatewayCredentials): DoctorOutcome {
  const url = c.mqttUrl;
  switch (result.kind) {
    case 'accepted':
      return ok('doctor.ok.gateway', { url, username: c.username });
    case 'unreachable':
      return fault('D109', { url }, result.message);
    case 'refused': {
      const detail = `CONNACK ${result.returnCode}: ${result.message}`;
      const code = result.returnCode;
      if (code === 4 || code === 0x86) return fault('D110', { username: c.username, room: c.roomId }, detail);
      if (code === 5 || code === 0x87) return fault('D111', { reason: 'not authorised' }, detail);
      if (code === 2 || code === 0x85) return fault('D111', { reason: 'client id refused' }, detail);
      return fault('D109', { url }, detail);
    }
  }
}

/** Real: one MQTT connection with the room's credentials, closed at once (no will, clean session). */
export function connectOnce(c: GatewayCredentials, signal: AbortSignal, timeoutMs = 5000): Promise<ConnectResult> {
  return new Promise((resolve) => {
    // The broker takes a client id that is the device id or starts with `${deviceId}-`.
    const client = connect(c.mqttUrl, {
      clientId: `${c.username}-doctor-${process.pid}`,
      username: c.username,
      password: c.password,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: timeoutMs,
    });
    let settled = false;
    const done = (result: ConnectResult) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      client.on('error', () => undefined);
      client.end(true);
      // MQTT.js 5.16 leaves its CONNACK timer running after a refused socket; it would hold the
      // process for connectTimeout. It is a plain timer handle on the client.
      const timer = (client as unknown as { connackTimer?: ReturnType<typeof setTimeout> }).connackTimer;
      if (timer !== undefined) clearTimeout(timer);
      resolve(result);
    };
    const onAbort = () => done({ kind: 'unreachable', message: 'no answer in time' });
    signal.addEventListener('abort', onAbort, { once: true });
    client.on('connect', () => done({ kind: 'accepted' }));
    client.on('error', (err: Error & { code?: unknown }) => {
      if (typeof err.code === 'number') done({ kind: 'refused', returnCode: err.code, message: err.message });
      else done({ kind: 'unreachable', message: err.message });
    });
    client.on('close', () => done({ kind: 'unreachable', message: 'connection closed before CONNACK' }));
  });
}

export function gatewayCheck(
  c: GatewayCredentials,
  connectFn: (c: GatewayCredentials, signal: AbortSignal) => Promise<ConnectResult> = connectOnce,
): DoctorCheck {
  return {
    name: 'gateway',
    title: 'doctor.check.gateway',
    timeoutMs: 8000,
    failCode: 'D109',
    run: async (signal) => connectOutcome(await connectFn(c, signal), c),
  };
}
