import type { MessageKey } from '@ktv/protocol';
import { renderBusiness } from './business-desk.js';
import { ago, t } from './i18n.js';
import type { DeviceView, GatewayStats, RoomView } from './types.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}

/** One big tile per room; `data-*` attributes are the hooks the browser tests use. */
export function renderTile(tile: HTMLElement, room: RoomView, onAck: (room: string) => void): void {
  const s = room.sensors;
  tile.className = 'tile';
  tile.dataset.room = room.room;
  tile.dataset.online = String(room.online);
  tile.dataset.door = s ? (s.doorOpen ? 'open' : 'closed') : 'unknown';
  tile.dataset.motion = String(s?.motion ?? false);
  tile.dataset.call = String(s?.callActive ?? false);
  const ack = el('button', 'ack', t('admin.room.ackCall'));
  ack.type = 'button';
  ack.dataset.action = 'ack-call';
  ack.addEventListener('click', () => onAck(room.room));
  tile.replaceChildren(
    el('div', 'name', room.roomName),
    el('div', 'status online', t(room.online ? 'common.online' : 'common.offline')),
    el('div', 'line door', s ? t(s.doorOpen ? 'room.doorOpen' : 'room.doorClosed') : t('admin.room.unknown')),
    el('div', 'line motion', s ? t(s.motion ? 'room.motion' : 'room.noMotion') : ''),
    el('div', 'line call', s ? t(s.callActive ? 'room.callActive' : 'room.noCall') : ''),
    el('div', 'version', room.agentVersion ? t('admin.room.version', { v: room.agentVersion }) : ''),
    ack,
  );
  renderBusiness(tile, room);
}

export function renderDevices(body: HTMLElement, devices: DeviceView[], now: number): void {
  body.replaceChildren(
    ...devices.map((d) => {
      const row = el('tr', '');
      row.dataset.device = d.deviceId;
      row.append(
        el('td', '', d.deviceId),
        el('td', '', d.room ?? '—'),
        el('td', d.online ? 'online' : 'offline', t(d.online ? 'common.online' : 'common.offline')),
        el('td', '', ago(d.lastSeen, now)),
        el('td', '', d.version ?? '—'),
        el('td', '', String(d.invalidMessages)),
        el('td', '', String(d.outboxPending)),
      );
      return row;
    }),
  );
}

const STAT_KEYS: [string, MessageKey][] = [
  ['clientsConnected', 'admin.stats.clients'],
  ['eventsReceived', 'admin.stats.events'],
  ['duplicateEvents', 'admin.stats.duplicates'],
  ['invalidMessages', 'admin.stats.invalidMessages'],
  ['refusedAuth', 'admin.stats.refusedAuth'],
  ['refusedPublish', 'admin.stats.refusedPublish'],
  ['refusedSubscribe', 'admin.stats.refusedSubscribe'],
];

export function renderStats(list: HTMLElement, stats: GatewayStats): void {
  list.replaceChildren(
    ...STAT_KEYS.flatMap(([name, key]) => {
      const dd = el('dd', '', String(stats[name] ?? 0));
      dd.dataset.stat = name;
      return [el('dt', '', t(key)), dd];
    }),
  );
}
