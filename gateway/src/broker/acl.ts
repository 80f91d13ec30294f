import { roomTopic, storePrefix } from '@ktv/protocol';

/** Who a connected MQTT client is, from its credentials. */
export type Principal = { kind: 'room'; deviceId: string; room: string } | { kind: 'monitor'; deviceId: string };

export type AclDecision = { ok: true } | { ok: false; reason: string };

const allow: AclDecision = { ok: true };
const deny = (reason: string): AclDecision => ({ ok: false, reason });

const ROOM_PUBLISH_CHANNELS = ['state', 'online', 'events'] as const;

function hasWildcard(topic: string): boolean {
  return topic.includes('+') || topic.includes('#');
}

/**
 * May this principal publish on this topic? Rooms publish only their own state, online and
 * events; monitors publish nothing.
 */
export function canPublish(store: string, who: Principal, topic: string): AclDecision {
  if (who.kind === 'monitor') return deny('monitors may not publish');
  const prefix = roomPrefixOf(store, who);
  const allowed =
    topic.startsWith(prefix) && (ROOM_PUBLISH_CHANNELS as readonly string[]).includes(topic.slice(prefix.length));
  return allowed ? allow : deny(`room ${who.room} may not publish on ${topic}`);
}

/** `ktv/v1/{store}/rooms/{room}/`, made (and its ids checked) once per connected principal. */
const roomPrefixes = new WeakMap<Principal, { store: string; prefix: string }>();
function roomPrefixOf(store: string, who: Principal & { kind: 'room' }): string {
  const known = roomPrefixes.get(who);
  if (known?.store === store) return known.prefix;
  const prefix = roomTopic(store, who.room, 'state').slice(0, -'state'.length);
  roomPrefixes.set(who, { store, prefix });
  return prefix;
}

/**
 * May this principal subscribe with this filter? Rooms: their own cmd topic and the store
 * broadcasts (`store/#` or a concrete topic under it). Monitors: anything inside the store.
 */
export function canSubscribe(store: string, who: Principal, filter: string): AclDecision {
  const prefix = `${storePrefix(store)}/`;
  if (who.kind === 'monitor') {
    if (filter === `${storePrefix(store)}/#`) return allow;
    if (filter.startsWith(prefix) && filter.length > prefix.length) return allow;
    return deny(`monitor may not subscribe to ${filter} (outside ${prefix})`);
  }
  if (filter === roomTopic(store, who.room, 'cmd')) return allow;
  const broadcasts = `${prefix}store/`;
  if (filter === `${broadcasts}#`) return allow;
  if (filter.startsWith(broadcasts) && filter.length > broadcasts.length && !hasWildcard(filter)) return allow;
  return deny(`room ${who.room} may not subscribe to ${filter}`);
}
