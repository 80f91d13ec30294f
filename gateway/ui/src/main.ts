import { startBusinessDesk } from './business-desk.js';
import { type CloudPanel, startCloudPanel } from './cloud-panel.js';
import { startEnergyPanel } from './energy-panel.js';
import { applyStatic, loadCatalog, t, toggleLang } from './i18n.js';
import { type LibraryPanel, startLibraryPanel } from './library-panel.js';
import { renderDevices, renderStats, renderTile } from './render.js';
import { type ScenesPanel, startScenesPanel } from './scenes-panel.js';
import { type StoreAlertsPanel, startStoreAlertsPanel } from './store-alerts-panel.js';
import type { DeviceView, GatewayStats, LiveMessage, RoomView } from './types.js';

const rooms = new Map<string, RoomView>();
let stats: GatewayStats = {};
let devices: DeviceView[] = [];
let socket: WebSocket | undefined;
let live = false;
let retryMs = 500;
let libraryPanel: LibraryPanel | undefined;
let cloudPanel: CloudPanel | undefined;
let storeAlertsPanel: StoreAlertsPanel | undefined;
let energyPanel: { render(): void } | undefined;
let scenesPanel: ScenesPanel | undefined;

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;

function showView(view: 'login' | 'desk'): void {
  $('#login-view').hidden = view !== 'login';
  $('#desk-view').hidden = view !== 'desk';
  $('#logout').hidden = view !== 'desk';
}

function setLive(value: boolean): void {
  live = value;
  const c = $('#connection');
  c.dataset.live = String(value);
  c.textContent = t(value ? 'admin.live' : 'admin.reconnecting');
}

async function ackCall(room: string): Promise<void> {
  await fetch(`/api/rooms/${encodeURIComponent(room)}/ack-call`, { method: 'POST' });
}

function upsertTile(room: RoomView): void {
  const container = $('#rooms');
  let tile = container.querySelector<HTMLElement>(`[data-room="${CSS.escape(room.room)}"]`);
  if (!tile) {
    tile = document.createElement('div');
    const ids = [...rooms.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const next = ids[ids.indexOf(room.room) + 1];
    const before = next ? container.querySelector(`[data-room="${CSS.escape(next)}"]`) : null;
    container.insertBefore(tile, before);
  }
  renderTile(tile, room, (id) => void ackCall(id));
  $('#rooms-empty').hidden = rooms.size > 0;
}

function renderAll(): void {
  applyStatic();
  setLive(live);
  $('#rooms').replaceChildren();
  for (const room of rooms.values()) upsertTile(room);
  $('#rooms-empty').hidden = rooms.size > 0;
  renderStats($('#stats'), stats);
  renderDevices($('#devices tbody'), devices, Date.now());
  libraryPanel?.render();
  cloudPanel?.render();
  storeAlertsPanel?.render();
  energyPanel?.render();
  scenesPanel?.render();
}

async function refreshDevices(): Promise<void> {
  const res = await fetch('/api/devices');
  if (res.status === 401) return signedOut();
  devices = ((await res.json()) as { devices: DeviceView[] }).devices;
  renderDevices($('#devices tbody'), devices, Date.now());
}

let devicesTimer: number | undefined;
/** The device panel follows room changes, at most every half second. */
function scheduleDevices(): void {
  if (devicesTimer !== undefined) return;
  devicesTimer = window.setTimeout(() => {
    devicesTimer = undefined;
    void refreshDevices();
  }, 500);
}

function onMessage(message: LiveMessage): void {
  if (libraryPanel?.onLive(message)) return;
  if (cloudPanel?.onLive(message)) return;
  if (storeAlertsPanel?.onLive(message)) return;
  if (scenesPanel?.onLive(message)) return;
  if (message.type === 'snapshot') {
    rooms.clear();
    for (const r of message.rooms) rooms.set(r.room, r);
    stats = message.stats;
    renderAll();
    void refreshDevices();
    void libraryPanel?.refresh();
    void cloudPanel?.refresh();
    void storeAlertsPanel?.refresh();
    return;
  }
  if (message.type === 'room') {
    rooms.set(message.room.room, message.room);
    upsertTile(message.room);
    scheduleDevices();
    return;
  }
  stats = message.stats;
  renderStats($('#stats'), stats);
}

function connectLive(): void {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    retryMs = 500;
    setLive(true);
  };
  ws.onmessage = (e) => onMessage(JSON.parse(String(e.data)) as LiveMessage);
  ws.onclose = () => {
    if (socket !== ws) return;
    setLive(false);
    // The session may be gone (gateway restarted): check before reconnecting.
    window.setTimeout(() => void resume(), retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  };
}

function signedOut(): void {
  socket = undefined;
  showView('login');
}

/** Signed in (the HttpOnly cookie works)? Then go live, else show the login form. */
async function resume(): Promise<void> {
  let res: Response;
  try {
    res = await fetch('/api/stats');
  } catch {
    window.setTimeout(() => void resume(), retryMs);
    return;
  }
  if (res.status === 401) return signedOut();
  showView('desk');
  connectLive();
}

async function login(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const username = $<HTMLInputElement>('#username').value;
  const password = $<HTMLInputElement>('#password').value;
  const res = await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  $('#login-error').hidden = res.ok;
  if (res.ok) {
    $<HTMLInputElement>('#password').value = '';
    await resume();
  }
}

async function logout(): Promise<void> {
  const ws = socket;
  socket = undefined;
  ws?.close();
  await fetch('/api/logout', { method: 'POST' });
  showView('login');
}

async function start(): Promise<void> {
  await loadCatalog();
  renderAll();
  $('#login-form').addEventListener('submit', (e) => void login(e as SubmitEvent));
  $('#lang').addEventListener('click', () => {
    toggleLang();
    renderAll();
  });
  $('#logout').addEventListener('click', () => void logout());
  startBusinessDesk();
  libraryPanel = startLibraryPanel();
  cloudPanel = startCloudPanel();
  storeAlertsPanel = startStoreAlertsPanel();
  energyPanel = startEnergyPanel();
  scenesPanel = startScenesPanel();
  await resume();
}

void start();
