import type { Catalog, Lang, MessageKey, SensorState } from '@ktv/protocol';

/** Mirrors the agent's AgentStateView (GET /api/state, websocket pushes). */
interface StateView {
  storeId: string;
  roomId: string;
  roomName: string;
  connected: boolean;
  outboxPending: number;
  sensors: SensorState;
  simulated: boolean;
}

interface I18n {
  defaultLang: Lang;
  catalogs: Record<Lang, Catalog>;
}

const LANG_KEY = 'ktv.touch.lang';
let i18n: I18n | undefined;
let lang: Lang = 'zh-CN';
let state: StateView | undefined;

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el;
}

function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = i18n?.catalogs[lang][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function render(): void {
  document.documentElement.lang = lang;
  document.title = t('touch.title');
  $('lang').textContent = t('lang.toggle');
  $('sim-title').textContent = t('touch.sim.title');
  $('sim-motion').textContent = t('touch.sim.motion');
  $('sim-call').textContent = t('touch.sim.callButton');
  if (!state) return;
  $('room-name').textContent = t('room.label', { name: state.roomName });
  const conn = $('connection');
  conn.dataset.connected = String(state.connected);
  $('connection-text').textContent = t(state.connected ? 'touch.gateway.connected' : 'touch.gateway.disconnected');
  $('outbox').textContent = t('touch.outbox', { n: state.outboxPending });
  $('door-state').textContent = t(state.sensors.doorOpen ? 'room.doorOpen' : 'room.doorClosed');
  $('motion-state').textContent = t(state.sensors.motion ? 'room.motion' : 'room.noMotion');
  const call = $('call');
  call.dataset.active = String(state.sensors.callActive);
  call.textContent = t(state.sensors.callActive ? 'touch.cancelCall' : 'touch.callStaff');
  $('call-note').textContent = state.sensors.callActive ? t('touch.callWaiting') : '';
  $('sim').hidden = !state.simulated;
  const door = $('sim-door');
  door.dataset.open = String(state.sensors.doorOpen);
  door.textContent = t(state.sensors.doorOpen ? 'touch.sim.closeDoor' : 'touch.sim.openDoor');
}

async function post(path: string, body?: unknown): Promise<void> {
  const init: RequestInit = { method: 'POST' };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (path === '/api/call' && res.ok) {
    state = (await res.json()) as StateView;
    render();
  }
}

function connectSocket(): void {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
  ws.onmessage = (msg) => {
    const data = JSON.parse(String(msg.data)) as { type: string; state?: StateView };
    if (data.type === 'state' && data.state) {
      state = data.state;
      render();
    }
  };
  ws.onclose = () => setTimeout(connectSocket, 1000);
}

async function init(): Promise<void> {
  i18n = (await (await fetch('/api/i18n')).json()) as I18n;
  const saved = localStorage.getItem(LANG_KEY);
  lang = saved === 'en' || saved === 'zh-CN' ? saved : i18n.defaultLang;
  state = (await (await fetch('/api/state')).json()) as StateView;
  render();
  $('lang').addEventListener('click', () => {
    lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem(LANG_KEY, lang);
    render();
  });
  $('call').addEventListener('click', () => void post('/api/call'));
  $('sim-door').addEventListener(
    'click',
    () => void post('/api/sim/door', { open: !(state?.sensors.doorOpen ?? false) }),
  );
  $('sim-motion').addEventListener('click', () => void post('/api/sim/motion'));
  $('sim-call').addEventListener('click', () => void post('/api/sim/call'));
  connectSocket();
}

void init();
