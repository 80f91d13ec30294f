/**
 * The front desk's business screens on the admin page: registered by main.ts (startBusinessDesk)
 * and render.ts (renderBusiness for every tile). A tap on a tile opens its room drawer.
 */
import { openDrawer, redrawDrawer, roomChanged } from './business-drawer.js';
import { renderBusinessTile, startTicker } from './business-tile.js';
import type { BusinessRoom } from './business-types.js';

export function renderBusiness(tile: HTMLElement, room: BusinessRoom): void {
  renderBusinessTile(tile, room);
  roomChanged(room);
}

export function startBusinessDesk(): void {
  startTicker();
  document.getElementById('rooms')?.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.closest('[data-action="ack-call"]')) return;
    const tile = target.closest<HTMLElement>('[data-room]');
    if (tile?.dataset.room && tile.dataset.state) openDrawer(tile.dataset.room);
  });
  // After main.ts re-rendered the page in the other language.
  document.getElementById('lang')?.addEventListener('click', () => queueMicrotask(redrawDrawer));
}
