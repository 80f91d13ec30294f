/** The touchscreen (点歌屏): wires the panels to the agent's state, API and websocket. */

import { api } from './api.js';
import { renderControls, wireControls } from './controls.js';
import { byId } from './dom.js';
import { currentLang, loadI18n, t, toggleLang } from './i18n.js';
import { renderQueue, wireQueue } from './queue.js';
import { type PowerView, renderScenePicker } from './scene-picker.js';
import { type LibraryView, noticeLibrary } from './search-notices.js';
import { renderSearch, wireSearch } from './search-screen.js';
import { renderSession } from './session-panel.js';
import { followState } from './socket.js';
import { renderStage } from './stage.js';
import { renderLink, renderStatus, wireStatus } from './status.js';
import type { StateView } from './types.js';

let state: StateView | undefined;

function render(): void {
  document.documentElement.lang = currentLang();
  document.title = t('touch.title');
  renderStatus(state);
  renderQueue(state?.player, currentLang());
  renderStage(state?.player);
  renderControls(state);
  renderSession(state?.session);
  renderScenePicker((state as { power?: PowerView } | undefined)?.power);
}

function onState(next: StateView): void {
  state = next;
  render();
  noticeLibrary((next as { library?: LibraryView }).library);
}

async function init(): Promise<void> {
  await loadI18n();
  renderSearch();
  byId('lang').addEventListener('click', () => {
    toggleLang();
    render();
    renderSearch();
  });
  wireStatus(() => state, onState);
  wireQueue();
  wireControls(() => state);
  wireSearch();
  onState(await api.state());
  followState(onState, renderLink);
}

void init();
