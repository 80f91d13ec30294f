import { type ErrorCode, ErrorCodes } from './errors.js';
import {
  AcknowledgeServiceCommand,
  AgentStartedEvent,
  CatalogAnnouncement,
  EventEnvelope,
  GatewayStatus,
  OnlineFlag,
  PowerChangedEvent,
  QueueChangedEvent,
  RoomBundle,
  type RoomCommand,
  type RoomCommandType,
  type RoomEvent,
  type RoomEventType,
  RoomState,
  RoomStatusCommand,
  ScenesUpdateCommand,
  SensorChangedEvent,
  ServiceAcknowledgedEvent,
  ServiceCalledEvent,
  ServiceCancelledEvent,
  SessionUpdateCommand,
  SongEndedEvent,
  SongStartedEvent,
} from './schemas/index.js';
import { type ParsedTopic, parseTopic } from './topics.js';
import { type Checked, compile } from './validate.js';

/** Largest payload either side accepts on any topic. The broker enforces a packet limit too. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export const validateRoomState = compile(RoomState);
export const validateRoomBundle = compile(RoomBundle);
export const validateOnline = compile(OnlineFlag);
export const validateGatewayStatus = compile(GatewayStatus);
export const validateCatalogAnnouncement = compile(CatalogAnnouncement);
const validateEnvelope = compile(EventEnvelope);

const eventValidators: { [K in RoomEventType]: (value: unknown) => Checked<RoomEvent> } = {
  'agent.started': compile(AgentStartedEvent),
  'sensor.changed': compile(SensorChangedEvent),
  'service.called': compile(ServiceCalledEvent),
  'service.cancelled': compile(ServiceCancelledEvent),
  'service.acknowledged': compile(ServiceAcknowledgedEvent),
  'queue.changed': compile(QueueChangedEvent),
  'song.started': compile(SongStartedEvent),
  'song.ended': compile(SongEndedEvent),
  'power.changed': compile(PowerChangedEvent),
};

const commandValidators: { [K in RoomCommandType]: (value: unknown) => Checked<RoomCommand> } = {
  'service.acknowledge': compile(AcknowledgeServiceCommand),
  'session.update': compile(SessionUpdateCommand),
  'room.status': compile(RoomStatusCommand),
  'scenes.update': compile(ScenesUpdateCommand),
};

export type Decoded<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; reason: string };

function fail(code: ErrorCode, reason: string): { ok: false; code: ErrorCode; reason: string } {
  return { ok: false, code, reason };
}

/** Stateless between calls (no `stream` option), so one is shared. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes -> JSON, with the size and encoding checks every receiver needs. */
export function parseJsonPayload(payload: Uint8Array): Decoded<unknown> {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) {
    return fail(ErrorCodes.TOO_LARGE, `payload is ${payload.byteLength} bytes, limit ${MAX_PAYLOAD_BYTES}`);
  }
  let text: string;
  try {
    text = UTF8.decode(payload);
  } catch {
    return fail(ErrorCodes.JSON, 'payload is not UTF-8');
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return fail(ErrorCodes.JSON, `payload is not JSON: ${(e as Error).message}`);
  }
}

function checked<T>(result: { ok: true; value: T } | { ok: false; errors: string[] }, what: string): Decoded<T> {
  return result.ok ? result : fail(ErrorCodes.SCHEMA, `${what}: ${result.errors.join('; ')}`);
}

export function decodeRoomEvent(value: unknown, room?: string): Decoded<RoomEvent> {
  const envelope = validateEnvelope(value);
  if (!envelope.ok) return fail(ErrorCodes.SCHEMA, `event: ${envelope.errors.join('; ')}`);
  const type = envelope.value.type;
  if (!(type in eventValidators)) return fail(ErrorCodes.SCHEMA, `event: /type "${type}" is not a known event type`);
  const result = checked(eventValidators[type as RoomEventType](value), `event ${type}`);
  if (result.ok && room !== undefined && result.value.room !== room) {
    return fail(ErrorCodes.ROOM_MISMATCH, `event names room "${result.value.room}" but was published for "${room}"`);
  }
  return result;
}

export function decodeRoomCommand(value: unknown, room?: string): Decoded<RoomCommand> {
  if (typeof value !== 'object' || value === null || !('type' in value) || typeof value.type !== 'string') {
    return fail(ErrorCodes.SCHEMA, 'command: / must be an object with a string "type"');
  }
  const type = value.type;
  if (!(type in commandValidators)) return fail(ErrorCodes.SCHEMA, `command: /type "${type}" is not a known command`);
  const result = checked(commandValidators[type as RoomCommandType](value), `command ${type}`);
  if (result.ok && room !== undefined && result.value.room !== room) {
    return fail(ErrorCodes.ROOM_MISMATCH, `command names room "${result.value.room}" but was sent to "${room}"`);
  }
  return result;
}

export type InboundMessage =
  | { topic: ParsedTopic & { kind: 'room'; channel: 'state' }; value: RoomState }
  | { topic: ParsedTopic & { kind: 'room'; channel: 'online' }; value: boolean }
  | { topic: ParsedTopic & { kind: 'room'; channel: 'events' }; value: RoomEvent }
  | { topic: ParsedTopic & { kind: 'room'; channel: 'cmd' }; value: RoomCommand }
  | { topic: ParsedTopic & { kind: 'store'; channel: 'gateway' }; value: GatewayStatus }
  | { topic: ParsedTopic & { kind: 'store'; channel: 'catalog' }; value: CatalogAnnouncement };

/**
 * Topic + payload -> a validated, typed message, or a coded reason. Used by both programs at the
 * MQTT boundary. An empty payload on a retained topic (a cleared retained message) is `SCHEMA`.
 */
export function decodeMessage(topic: string, payload: Uint8Array): Decoded<InboundMessage> {
  const parsed = parseTopic(topic);
  if (!parsed) return fail(ErrorCodes.TOPIC, `topic "${topic}" is not part of ktv/v1`);
  const json = parseJsonPayload(payload);
  if (!json.ok) return json;
  const value = json.value;
  if (parsed.kind === 'store') {
    if (parsed.channel === 'catalog') {
      const r = checked(validateCatalogAnnouncement(value), 'catalog announcement');
      return r.ok ? { ok: true, value: { topic: { ...parsed, channel: 'catalog' }, value: r.value } } : r;
    }
    const r = checked(validateGatewayStatus(value), 'gateway status');
    return r.ok ? { ok: true, value: { topic: { ...parsed, channel: 'gateway' }, value: r.value } } : r;
  }
  switch (parsed.channel) {
    case 'state': {
      const r = checked(validateRoomState(value), 'state');
      if (!r.ok) return r;
      if (r.value.room !== parsed.room || r.value.store !== parsed.store) {
        return fail(
          ErrorCodes.ROOM_MISMATCH,
          `state names ${r.value.store}/${r.value.room} but was published for ${parsed.store}/${parsed.room}`,
        );
      }
      return { ok: true, value: { topic: { ...parsed, channel: 'state' }, value: r.value } };
    }
    case 'online': {
      const r = checked(validateOnline(value), 'online');
      return r.ok ? { ok: true, value: { topic: { ...parsed, channel: 'online' }, value: r.value } } : r;
    }
    case 'events': {
      const r = decodeRoomEvent(value, parsed.room);
      return r.ok ? { ok: true, value: { topic: { ...parsed, channel: 'events' }, value: r.value } } : r;
    }
    case 'cmd': {
      const r = decodeRoomCommand(value, parsed.room);
      return r.ok ? { ok: true, value: { topic: { ...parsed, channel: 'cmd' }, value: r.value } } : r;
    }
  }
}
