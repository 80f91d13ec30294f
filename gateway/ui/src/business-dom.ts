/** Small element builders for the business screens. */
type Attrs = Record<string, string | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

export function button(text: string, attrs: Attrs, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, text);
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return b;
}

/** A labelled `<select>` (large, for a busy front desk). */
export function select(id: string, label: string, options: { value: string; text: string }[]): HTMLElement {
  const s = h('select', { id });
  for (const o of options) s.append(h('option', { value: o.value }, o.text));
  return h('label', { class: 'field', for: id }, h('span', {}, label), s);
}

export function input(id: string, label: string, attrs: Attrs): HTMLElement {
  return h('label', { class: 'field', for: id }, h('span', {}, label), h('input', { id, ...attrs }));
}

export function fieldValue(root: ParentNode, id: string): string {
  const el = root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`);
  return el?.value ?? '';
}
