/** A small element builder: h('a', { href: '#/' }, 'text', child). Text is always set as text, never as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | boolean | ((e: Event) => void)>> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** "5 min ago", "3 h ago", "2 d ago", "7.3 y ago". */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 90) return 'just now';
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  if (s < 365 * 86400) return `${Math.round(s / 86400)} d ago`;
  return `${(s / (365.25 * 86400)).toFixed(1)} y ago`;
}

export function loading(text: string): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, text);
}

export function problem(text: string): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, text);
}
