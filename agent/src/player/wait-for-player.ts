import type { PlayerEvent, PlayerPort } from './player-port.js';

/** Resolves with the first event that matches (tests and the player service use it). */
export function waitForPlayerEvent<T extends PlayerEvent['type']>(
  player: PlayerPort,
  type: T,
  matches: (event: Extract<PlayerEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Extract<PlayerEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `no player event ${type} matching within ${timeoutMs} ms (status ${JSON.stringify(player.status())})`,
        ),
      );
    }, timeoutMs);
    const off = player.subscribe((event) => {
      if (event.type !== type) return;
      const e = event as Extract<PlayerEvent, { type: T }>;
      if (!matches(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** Waits until the position reaches `ms` (or more). */
export async function waitForPosition(player: PlayerPort, ms: number, timeoutMs = 5000): Promise<number> {
  if (player.status().positionMs >= ms && player.status().file !== null) return player.status().positionMs;
  const e = await waitForPlayerEvent(player, 'position', (p) => p.positionMs >= ms, timeoutMs);
  return e.positionMs;
}
