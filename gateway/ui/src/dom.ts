/** An element with attributes and optional text: the admin page's panels build their DOM with it. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = '') {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

/**
 * A folding panel's heading: an h2 holding one large button (`.panel-toggle`, ▸ closed / ▾ open)
 * whose `aria-expanded` says whether the panel is open.
 */
export function panelTitle(id: string, text: string, open: boolean, onToggle: () => void): HTMLHeadingElement {
  const toggle = el('button', { id, class: 'panel-toggle', type: 'button', 'aria-expanded': String(open) }, text);
  toggle.addEventListener('click', onToggle);
  const title = el('h2');
  title.append(toggle);
  return title;
}
