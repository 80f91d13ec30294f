import { decodeMessage, type InboundMessage, parseTopic, type RoomEvent } from '@ktv/protocol';
import type { Principal } from '../broker/acl.js';
import type { PublishVerdict } from '../broker/mqtt-broker.js';
import type { Logger } from '../logger.js';
import type { RoomRegistry } from '../rooms/room-registry.js';
import type { Counters } from '../stats.js';
import type { EventStore } from './event-store.js';

export interface IngestDeps {
  events: EventStore;
  rooms: RoomRegistry;
  counters: Counters;
  logger: Logger;
  now: () => number;
  /**
   * Told of every newly recorded event, already decoded, with the gateway's receipt time (the
   * library counts plays from these; the clock-skew monitor compares event.at with receivedAt).
   */
  onAccepted?: (event: RoomEvent, receivedAt: number) => void;
}

/**
 * Everything a device publishes (after the ACL) comes here: decoded with the protocol's
 * decodeMessage; state and online update the room registry; a new event is forwarded to live
 * subscribers at once and acknowledged (PUBACK) only when `durable` settles, i.e. once it is on
 * disk. Invalid messages are logged with code and reason, counted globally and per room,
 * acknowledged and not forwarded; duplicates likewise (acknowledged once the original is durable).
 */
export function createIngest(deps: IngestDeps) {
  const log = deps.logger.child({ component: 'ingest' });
  return function ingest(who: Principal, topic: string, payload: Buffer): PublishVerdict {
    const at = deps.now();
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok) {
      const parsed = parseTopic(topic);
      const room = parsed?.kind === 'room' ? parsed.room : undefined;
      deps.counters.invalid(room, who.deviceId);
      log.warn({ deviceId: who.deviceId, room, topic, code: decoded.code, reason: decoded.reason }, 'invalid message');
      return { action: 'suppress' };
    }
    const message = decoded.value;
    if (isChannel(message, 'state')) {
      deps.rooms.applyState(message.topic.room, message.value, at);
      return { action: 'forward' };
    }
    if (isChannel(message, 'online')) {
      deps.rooms.applyOnline(message.topic.room, message.value, at);
      return { action: 'forward' };
    }
    if (isChannel(message, 'events')) {
      {
        const event = message.value;
        const { result, durable } = deps.events.append(event, at, payload.toString('utf8'));
        if (result === 'duplicate') {
          deps.counters.increment('duplicateEvents');
          log.info({ room: event.room, id: event.id, seq: event.seq }, 'duplicate event dropped');
          return { action: 'suppress', ackAfter: durable };
        }
        deps.counters.increment('eventsReceived');
        deps.rooms.touch(event.room, at);
        try {
          deps.onAccepted?.(event, at);
        } catch (e) {
          // a listener's bookkeeping never stands in the way of an event
          log.error({ err: e, id: event.id }, 'accepted-event listener failed');
        }
        return { action: 'forward', ackAfter: durable };
      }
    }
    // cmd and store topics are never allowed to devices by the ACL.
    return { action: 'suppress' };
  };
}

type Channel = InboundMessage['topic']['channel'];

function isChannel<C extends Channel>(
  m: InboundMessage,
  channel: C,
): m is Extract<InboundMessage, { topic: { channel: C } }> {
  return m.topic.channel === channel;
}
