/**
 * MQTT topic layout, written once. Everything lives under `ktv/v1/{store}/`.
 *
 *   rooms/{room}/state   retained, agent -> gateway  (RoomState)
 *   rooms/{room}/online  retained, agent -> gateway  (true / false, will message false)
 *   rooms/{room}/events  QoS 1,    agent -> gateway  (EventEnvelope)
 *   rooms/{room}/cmd     QoS 1,    gateway -> agent  (CommandEnvelope)
 *   store/gateway        retained, the gateway's status
 *   store/catalog        retained, the song catalog's current version (CatalogAnnouncement)
 */

export const TOPIC_ROOT = 'ktv/v1';

export const ROOM_CHANNELS = ['state', 'online', 'events', 'cmd'] as const;
export type RoomChannel = (typeof ROOM_CHANNELS)[number];

export const STORE_CHANNELS = ['gateway', 'catalog'] as const;
export type StoreChannel = (typeof STORE_CHANNELS)[number];

/** Ids of stores, rooms and devices: safe in a topic level, a file name and a URL. */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';
const ID_RE = new RegExp(ID_PATTERN);

export function isValidId(id: string): boolean {
  return ID_RE.test(id);
}

function assertId(kind: string, id: string): void {
  if (!isValidId(id)) {
    throw new TypeError(`${kind} id "${id}" is not valid (expected ${ID_PATTERN})`);
  }
}

export function storePrefix(store: string): string {
  assertId('store', store);
  return `${TOPIC_ROOT}/${store}`;
}

export function roomTopic(store: string, room: string, channel: RoomChannel): string {
  assertId('room', room);
  return `${storePrefix(store)}/rooms/${room}/${channel}`;
}

export function storeTopic(store: string, channel: StoreChannel): string {
  return `${storePrefix(store)}/store/${channel}`;
}

/** Wildcard subscription for one channel of every room of a store. */
export function allRoomsTopic(store: string, channel: RoomChannel): string {
  return `${storePrefix(store)}/rooms/+/${channel}`;
}

export function storeBroadcastFilter(store: string): string {
  return `${storePrefix(store)}/store/#`;
}

export type ParsedTopic =
  | { kind: 'room'; store: string; room: string; channel: RoomChannel }
  | { kind: 'store'; store: string; channel: StoreChannel };

/**
 * Topics seen lately and what they parse to: a store has a few topics per room and every message
 * names one of them, so the broker's ingest parses each once (frozen results, shared).
 */
const parsedTopics = new Map<string, Readonly<ParsedTopic> | undefined>();
const PARSED_TOPICS_KEPT = 4096;

/** Parses a concrete topic (no wildcards). Returns undefined for anything outside the layout. */
export function parseTopic(topic: string): Readonly<ParsedTopic> | undefined {
  if (parsedTopics.has(topic)) return parsedTopics.get(topic);
  const parsed = parseTopicOnce(topic);
  if (parsedTopics.size >= PARSED_TOPICS_KEPT) parsedTopics.clear();
  parsedTopics.set(topic, parsed && Object.freeze(parsed));
  return parsed;
}

function parseTopicOnce(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== 'ktv' || parts[1] !== 'v1') return undefined;
  const store = parts[2];
  if (store === undefined || !isValidId(store)) return undefined;
  if (parts[3] === 'rooms' && parts.length === 6) {
    const room = parts[4] as string;
    const channel = parts[5] as string;
    if (!isValidId(room)) return undefined;
    if (!(ROOM_CHANNELS as readonly string[]).includes(channel)) return undefined;
    return { kind: 'room', store, room, channel: channel as RoomChannel };
  }
  if (parts[3] === 'store' && parts.length === 5) {
    const channel = parts[4] as string;
    if (!(STORE_CHANNELS as readonly string[]).includes(channel)) return undefined;
    return { kind: 'store', store, channel: channel as StoreChannel };
  }
  return undefined;
}
