import type { PublishSink } from '../broker/mqtt-broker.js';

/**
 * Wraps the broker's publish sink: every room event that the ingest accepted as new (forwarded)
 * is also handed to `onEvent` (the library counts `song.started` plays from it). Duplicates are
 * suppressed by the ingest and never reach `onEvent`.
 */
export function tapAcceptedEvents(sink: PublishSink, onEvent: (payload: Buffer) => void): PublishSink {
  return (who, topic, payload) => {
    const verdict = sink(who, topic, payload);
    if (verdict.action === 'forward' && topic.endsWith('/events')) {
      try {
        onEvent(payload);
      } catch {
        // the library's bookkeeping never stands in the way of an event
      }
    }
    return verdict;
  };
}
