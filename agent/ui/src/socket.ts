import type { StateView } from './types.js';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

/** Follows the agent's `{type:"state", state}` pushes on /api/ws and reconnects with backoff. */
export function followState(onState: (s: StateView) => void, onLink: (open: boolean) => void): void {
  let retry = RETRY_MIN_MS;
  const connect = () => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
    ws.onopen = () => {
      retry = RETRY_MIN_MS;
      onLink(true);
    };
    ws.onmessage = (msg) => {
      let data: { type?: unknown; state?: StateView };
      try {
        data = JSON.parse(String(msg.data)) as { type?: unknown; state?: StateView };
      } catch {
        return;
      }
      if (data.type === 'state' && data.state) onState(data.state);
    };
    ws.onclose = () => {
      onLink(false);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, RETRY_MAX_MS);
    };
  };
  connect();
}
