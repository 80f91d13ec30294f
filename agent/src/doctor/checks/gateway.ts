import {
  type DoctorCheck,
  type DoctorOutcome,
  fault,
  ok,
  storeTopic,
  validateCatalogAnnouncement,
} from '@ktv/protocol';
import { connect } from 'mqtt';

export interface GatewayCredentials {
  mqttUrl: string;
  username: string;
  password: string;
  roomId: string;
  storeId: string;
}

/** How a connection attempt ended: CONNACK accepted, refused with a return code, or a socket error. */
export type ConnectResult =
  /** `announced`: the catalog version in the retained `store/catalog` announcement (null: none). */
  | { kind: 'accepted'; announced: number | null }
  | { kind: 'refused'; returnCode: number; message: string }
  | { kind: 'unreachable'; message: string };

/**
 * What a CONNACK return code means for a technician (MQTT 3.1.1 §3.2.2.3 and the MQTT 5 reason
 * codes): 4 / 0x86 bad username or password (the gateway also says 4 for a revoked device),
 * 5 / 0x87 not authorised, 2 / 0x85 client id refused, 3 / 0x88 server unavailable. The gateway
 * answers 5 after the password was accepted when the device already has its one connection:
 * that is fine when this box's own running agent holds it (`agentConnected`). Pure.
 */
export function connectOutcome(result: ConnectResult, c: GatewayCredentials, agentConnected = false): DoctorOutcome {
  const url = c.mqttUrl;
  switch (result.kind) {
    case 'accepted':
      return ok(
        'doctor.ok.gateway',
        { url, username: c.username },
        result.announced === null ? 'no catalog announced' : `catalog version ${result.announced} announced`,
      );
    case 'unreachable':
      return fault('D109', { url }, result.message);
    case 'refused': {
      const detail = `CONNACK ${result.returnCode}: ${result.message}`;
      const code = result.returnCode;
      if (code === 4 || code === 0x86) return fault('D110', { username: c.username, room: c.roomId }, detail);
      if (code === 5 || code === 0x87) {
        if (agentConnected) return ok('doctor.ok.gatewayAgentRunning', { url, username: c.username }, detail);
        return fault('D111', { reason: 'the device is already connected, not from this box' }, detail);
      }
      if (code === 2 || code === 0x85) return fault('D111', { reason: 'client id refused' }, detail);
      return fault('D109', { url }, detail);
    }
  }
}

/** Whether this box's ktv-agent runs and is connected (its touchscreen server's GET /api/state). */
export async function localAgentConnected(webPort: number, roomId: string, signal: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${webPort}/api/state`, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]),
    });
    if (!res.ok) return false;
    const state = (await res.json()) as { roomId?: unknown; connected?: unknown };
    return state.roomId === roomId && state.connected === true;
  } catch {
    return false;
  }
}

/** How long to wait for the retained catalog announcement after the SUBACK. */
const RETAINED_WAIT_MS = 500;

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
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
    client.on('connect', () => {
      // The retained announcement arrives right after the SUBACK, if the gateway has a catalog.
      const topic = storeTopic(c.storeId, 'catalog');
      let wait: ReturnType<typeof setTimeout> | undefined;
      client.on('message', (t, payload) => {
        if (t !== topic) return;
        clearTimeout(wait);
        const a = validateCatalogAnnouncement(parseJson(payload));
        done({ kind: 'accepted', announced: a.ok ? a.value.version : null });
      });
      client.subscribe(topic, { qos: 1 }, () => {
        wait = setTimeout(() => done({ kind: 'accepted', announced: null }), RETAINED_WAIT_MS);
      });
    });
    client.on('error', (err: Error & { code?: unknown }) => {
      if (typeof err.code === 'number') done({ kind: 'refused', returnCode: err.code, message: err.message });
      else done({ kind: 'unreachable', message: err.message });
    });
    client.on('close', () => done({ kind: 'unreachable', message: 'connection closed before CONNACK' }));
  });
}

/**
 * Connects with the room's credentials. `onAnnounced` hears the catalog version the gateway
 * announces, for the catalog check to compare with the replica.
 */
export function gatewayCheck(
  c: GatewayCredentials,
  connectFn: (c: GatewayCredentials, signal: AbortSignal) => Promise<ConnectResult> = connectOnce,
  onAnnounced: (version: number | null) => void = () => undefined,
  agentConnected: (signal: AbortSignal) => Promise<boolean> = async () => false,
): DoctorCheck {
  return {
    name: 'gateway',
    title: 'doctor.check.gateway',
    timeoutMs: 8000,
    failCode: 'D109',
    async run(signal) {
      const result = await connectFn(c, signal);
      if (result.kind === 'accepted') onAnnounced(result.announced);
      const busy = result.kind === 'refused' && (result.returnCode === 5 || result.returnCode === 0x87);
      return connectOutcome(result, c, busy && (await agentConnected(signal)));
    },
  };
}
