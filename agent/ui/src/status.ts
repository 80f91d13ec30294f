import { api } from './api.js';
import { byId, setText } from './dom.js';
import { t } from './i18n.js';
import { report } from './toast.js';
import type { StateView } from './types.js';

/** Header (room, gateway link, 呼叫服务) and the simulated-hardware strip. */
export function renderStatus(state: StateView | undefined): void {
  setText(byId('lang'), t('lang.toggle'));
  setText(byId('sim-title'), t('touch.sim.title'));
  setText(byId('sim-motion'), t('touch.sim.motion'));
  setText(byId('sim-call'), t('touch.sim.callButton'));
  if (!state) return;
  setText(byId('room-name'), t('room.label', { name: state.roomName }));
  byId('connection').dataset.connected = String(state.connected);
  setText(byId('connection-text'), t(state.connected ? 'touch.gateway.connected' : 'touch.gateway.disconnected'));
  setText(byId('outbox'), t('touch.outbox', { n: state.outboxPending }));
  setText(byId('door-state'), t(state.sensors.doorOpen ? 'room.doorOpen' : 'room.doorClosed'));
  setText(byId('motion-state'), t(state.sensors.motion ? 'room.motion' : 'room.noMotion'));
  const call = byId('call');
  call.dataset.active = String(state.sensors.callActive);
  setText(call, t(state.sensors.callActive ? 'touch.cancelCall' : 'touch.callStaff'));
  setText(byId('call-note'), state.sensors.callActive ? t('touch.callWaiting') : '');
  byId('sim').hidden = !state.simulated;
  const door = byId('sim-door');
  door.dataset.open = String(state.sensors.doorOpen);
  setText(door, t(state.sensors.doorOpen ? 'touch.sim.closeDoor' : 'touch.sim.openDoor'));
}

/** Shows that the page lost its own agent (not the gateway) and is reconnecting. */
export function renderLink(open: boolean): void {
  const note = byId('link-note');
  note.hidden = open;
  setText(note, open ? '' : t('touch.reconnecting'));
}

export function wireStatus(getState: () => StateView | undefined, onState: (s: StateView) => void): void {
  byId('call').addEventListener('click', async () => {
    const r = await api.call();
    if (report(r) && r.ok) onState(r.body as StateView);
  });
  byId('sim-door').addEventListener(
    'click',
    async () => void report(await api.simDoor(!(getState()?.sensors.doorOpen ?? false))),
  );
  byId('sim-motion').addEventListener('click', async () => void report(await api.simMotion()));
  byId('sim-call').addEventListener('click', async () => void report(await api.simCall()));
}
