/*
 * The pool details page. Receives the view model by postMessage and renders
 * it with DOM APIs only: every piece of data goes through textContent or
 * setAttribute, never through HTML parsing. Bundled by esbuild into
 * media/details.js (IIFE) and loaded with the page's nonce.
 */
import type { Bar, Block, DetailsIcon, DetailsModel, FieldRow, FromPage, Header, PageState, PageStrings, Section, ToPage, Value } from '../../src/webview/protocol';

interface VsCodeApi {
  postMessage(message: FromPage): void;
  getState(): unknown;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Limits of the JSON tree; deeper or bigger JSON is for the JSON editor. */
const JSON_MAX_DEPTH = 64;
const JSON_MAX_NODES = 20000;
const MAX_REMEMBERED_PATHS = 500;

/** The page's words in the display language, from the HTML (data-strings); a missing one reads as its key. */
const strings: Partial<PageStrings> = readStrings(app.dataset.strings);
/** The display language, for Intl formats of numbers. */
const numbers = numberFormat(document.documentElement.lang);

function readStrings(json: string | undefined): Partial<PageStrings> {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

function numberFormat(language: string): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(language || 'en');
  } catch {
    return new Intl.NumberFormat('en');
  }
}

/** A word of the page, its `{0}`, `{1}`… filled in. */
function t(key: keyof PageStrings, ...args: (string | number)[]): string {
  const template = strings[key] ?? key;
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

let state: PageState = readState(vscode.getState());
let rendered = false;
let copyTimer: ReturnType<typeof setTimeout> | undefined;

// ---- state ---------------------------------------------------------------------------

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function readState(value: unknown): PageState {
  if (typeof value !== 'object' || value === null) return {};
  const s = value as Record<string, unknown>;
  return {
    poolName: typeof s.poolName === 'string' ? s.poolName : undefined,
    collapsed: stringArray(s.collapsed),
    jsonCollapsed: stringArray(s.jsonCollapsed).slice(0, MAX_REMEMBERED_PATHS),
    scrollY: typeof s.scrollY === 'number' && Number.isFinite(s.scrollY) ? s.scrollY : 0,
  };
}

function saveState(patch: Partial<PageState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

function toggleIn(list: string[] | undefined, item: string, present: boolean): string[] {
  const out = (list ?? []).filter((x) => x !== item);
  if (present) out.push(item);
  return out.slice(-MAX_REMEMBERED_PATHS);
}

// ---- DOM helpers ----------------------------------------------------------------------

interface ElOptions {
  className?: string;
  text?: string;
  testId?: string;
  attrs?: Record<string, string>;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, opts: ElOptions = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (opts.className) e.className = opts.className;
  if (opts.text !== undefined) e.textContent = opts.text;
  if (opts.testId) e.setAttribute('data-testid', opts.testId);
  for (const [k, v] of Object.entries(opts.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** A CSS class for a ThemeColor id: `testing.iconPassed` → `color-testing-iconPassed` (styled in details.css). */
function colorClass(prefix: 'color' | 'fill', color: string | undefined): string {
  return color ? `${prefix}-${color.replace(/[^A-Za-z0-9]/g, '-')}` : `${prefix}-default`;
}

// ---- icons ----------------------------------------------------------------------------

/** Small SVG versions of the codicons the view model names. */
function icon(id: DetailsIcon): SVGSVGElement {
  const s = svg('svg', { viewBox: '0 0 16 16', width: 14, height: 14, 'aria-hidden': 'true', focusable: 'false' });
  s.classList.add('icon');
  const ring = (): SVGElement => svg('circle', { cx: 8, cy: 8, r: 6.25 });
  const path = (d: string): SVGElement => svg('path', { d });
  const dot = (cx: number, cy: number): SVGElement => {
    const c = svg('circle', { cx, cy, r: 0.9 });
    c.classList.add('solid');
    return c;
  };
  switch (id) {
    case 'pass':
      s.append(ring(), path('M5 8.3l2 2 4-4.3'));
      break;
    case 'error':
      s.append(ring(), path('M5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4'));
      break;
    case 'warning':
      s.append(path('M8 1.8l6.6 11.9H1.4z'), path('M8 6.2v3.6'), dot(8, 11.7));
      break;
    case 'loading~spin': {
      const arc = path('M8 1.75a6.25 6.25 0 1 1-6.25 6.25');
      s.classList.add('spin');
      s.append(arc);
      break;
    }
    case 'clock':
      s.append(ring(), path('M8 4.5V8l2.5 1.6'));
      break;
    case 'circle-slash':
      s.append(ring(), path('M3.6 12.4l8.8-8.8'));
      break;
    case 'question':
      s.append(ring(), path('M6.1 6.3a1.95 1.95 0 1 1 2.7 1.8c-.5.2-.8.6-.8 1.1v.5'), dot(8, 11.6));
      break;
    default: {
      const c = svg('circle', { cx: 8, cy: 8, r: 4 });
      c.classList.add('solid');
      s.append(c);
    }
  }
  return s;
}

// ---- values ---------------------------------------------------------------------------

function renderValue(v: Value | undefined): HTMLElement {
  if (!v || typeof v !== 'object') return el('span', { className: 'missing', text: t('notReported') });
  const testId = 'testId' in v ? v.testId : undefined;
  switch (v.kind) {
    case 'text':
      return el(v.mono ? 'code' : 'span', { className: 'value', text: String(v.text), testId });
    case 'number':
      return el('span', { className: 'value num', text: typeof v.value === 'number' ? numbers.format(v.value) : String(v.value), testId });
    case 'missing':
      return el('span', { className: 'missing', text: t('notReported'), testId });
    case 'empty':
      return el('span', { className: 'missing', text: v.text ?? t('empty'), testId });
    case 'code': {
      const lines = String(v.text).replace(/\n$/, '').split('\n').length;
      const caption = v.caption ?? t('text');
      const summary = el('summary', { text: lines === 1 ? t('oneLine', caption) : t('lines', caption, numbers.format(lines)) });
      return el('details', { className: 'code' }, summary, el('pre', {}, el('code', { text: String(v.text) })));
    }
    case 'badge': {
      const b = el('span', { className: `badge ${colorClass('color', v.color)}`, testId });
      b.append(icon(v.icon), el('span', { className: 'badge-text', text: String(v.text) }));
      return b;
    }
    case 'pool': {
      const wrap = el('span', { className: 'pool-link' });
      const button = el('button', {
        className: 'link',
        text: String(v.label),
        testId,
        attrs: { type: 'button', title: v.present ? t('openDetailsOf', String(v.name)) : t('notInList', String(v.name)) },
      });
      const name = String(v.name);
      button.addEventListener('click', () => vscode.postMessage({ type: 'openPool', name }));
      wrap.append(button);
      if (!v.present) wrap.append(el('span', { className: 'missing', text: t('notInCurrentList') }));
      return wrap;
    }
    case 'list': {
      const items = Array.isArray(v.items) ? v.items : [];
      if (v.layout === 'lines') {
        return el('ul', { className: 'lines' }, ...items.map((i) => el('li', {}, renderValue(i))));
      }
      const span = el('span', { className: 'inline-list' });
      items.forEach((i, n) => {
        if (n > 0) span.append(', ');
        span.append(renderValue(i));
      });
      return span;
    }
    default:
      return el('span', { className: 'missing', text: t('notReported') });
  }
}

// ---- blocks ---------------------------------------------------------------------------

function renderFields(rows: FieldRow[]): HTMLElement {
  const dl = el('dl', { className: 'fields' });
  for (const row of rows) dl.append(el('dt', { text: row.label }), el('dd', {}, renderValue(row.value)));
  return dl;
}

/** One stacked bar; every bar of a block shares the scale `max` so that lengths compare. */
function renderBar(bar: Bar, max: number): HTMLElement {
  const row = el('div', { className: 'bar-row' });
  row.append(el('code', { className: 'bar-label', text: bar.label }));
  const described = bar.segments.map((s) => segmentText(s.count, s.state)).join(', ') || t('noNodes');
  const total = Math.max(max, 1);
  // Geometry in SVG attributes, colours by class: no inline styles (the CSP forbids them).
  const chart = svg('svg', { viewBox: `0 0 ${total} 1`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${bar.label}: ${described}` });
  chart.classList.add('bar');
  const track = svg('rect', { x: 0, y: 0, width: total, height: 1 });
  track.classList.add('bar-track');
  chart.append(track);
  let x = 0;
  for (const seg of bar.segments) {
    const r = svg('rect', { x, y: 0, width: seg.count, height: 1 });
    r.classList.add(colorClass('fill', seg.color));
    const title = svg('title');
    title.textContent = segmentText(seg.count, seg.state);
    r.append(title);
    chart.append(r);
    x += seg.count;
  }
  row.append(chart, el('span', { className: 'bar-total', text: bar.total === 1 ? t('oneNode') : t('nodes', numbers.format(bar.total)) }));
  return row;
}

/** "3 available": a count and its state, in words. */
function segmentText(count: number, state: string): string {
  const known = state === 'available' || state === 'creating' || state === 'abnormal' || state === 'deleting';
  return t('segment', numbers.format(count), known ? t(state) : state);
}

function renderBlock(block: Block): HTMLElement {
  const wrap = el('div', { className: `block block-${block.kind}` });
  if ('title' in block && block.title) wrap.append(el('h3', { text: block.title }));
  switch (block.kind) {
    case 'fields':
      wrap.append(renderFields(block.rows));
      break;
    case 'table': {
      const table = el('table', { className: block.rowHeaders ? 'transposed' : '', testId: block.testId });
      const head = el('tr');
      block.columns.forEach((c) => head.append(el('th', { className: c.numeric ? 'num' : '', text: c.label, attrs: { scope: 'col' } })));
      const body = el('tbody');
      for (const row of block.rows) {
        const tr = el('tr');
        row.forEach((cell, i) => {
          const header = block.rowHeaders && i === 0;
          const td = el(header ? 'th' : 'td', { className: block.columns[i]?.numeric ? 'num' : '' });
          if (header) td.setAttribute('scope', 'row');
          td.append(renderValue(cell));
          tr.append(td);
        });
        body.append(tr);
      }
      table.append(el('thead', {}, head), body);
      wrap.append(el('div', { className: 'table-wrap' }, table));
      break;
    }
    case 'bars': {
      const legend = el('ul', { className: 'legend' });
      for (const l of block.legend) {
        const swatch = svg('svg', { viewBox: '0 0 10 10', width: 10, height: 10, 'aria-hidden': 'true' });
        const r = svg('rect', { x: 0, y: 0, width: 10, height: 10 });
        r.classList.add(colorClass('fill', l.color));
        swatch.append(r);
        legend.append(el('li', {}, swatch, el('span', { text: l.label })));
      }
      const max = Math.max(0, ...block.bars.map((b) => (Number.isFinite(b.total) ? b.total : 0)));
      wrap.append(legend, ...block.bars.map((b) => renderBar(b, max)));
      break;
    }
    case 'note': {
      wrap.classList.add(`tone-${block.tone ?? 'info'}`);
      wrap.append(el('p', { text: block.text }));
      if (block.items?.length) wrap.append(el('ul', {}, ...block.items.map((i) => el('li', {}, el('code', { text: i })))));
      break;
    }
  }
  return wrap;
}

// ---- JSON tree --------------------------------------------------------------------------

interface JsonBudget {
  nodes: number;
}

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function jsonPrimitive(value: unknown): HTMLElement {
  if (value === null) return el('span', { className: 'json-null', text: 'null' });
  switch (typeof value) {
    case 'string':
      return el('span', { className: 'json-string', text: JSON.stringify(value) });
    case 'number':
      return el('span', { className: 'json-number', text: String(value) });
    case 'boolean':
      return el('span', { className: 'json-boolean', text: String(value) });
    default:
      return el('span', { className: 'missing', text: String(value) });
  }
}

function jsonKey(key: string | number | undefined): (Node | string)[] {
  if (key === undefined || typeof key === 'number') return [];
  return [el('span', { className: 'json-key', text: JSON.stringify(key) }), ': '];
}

function jsonNode(key: string | number | undefined, value: unknown, path: string, depth: number, comma: boolean, budget: JsonBudget): HTMLElement {
  budget.nodes++;
  const tail = comma ? ',' : '';
  const isArray = Array.isArray(value);
  if (typeof value !== 'object' || value === null) {
    return el('div', { className: 'json-line' }, ...jsonKey(key), jsonPrimitive(value), tail);
  }
  const entries: [string | number, unknown][] = isArray
    ? (value as unknown[]).map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return el('div', { className: 'json-line' }, ...jsonKey(key), `${open}${close}${tail}`);
  if (depth >= JSON_MAX_DEPTH || budget.nodes >= JSON_MAX_NODES) {
    return el('div', { className: 'json-line' }, ...jsonKey(key), `${open} `, el('span', { className: 'missing', text: t('tooLarge') }), ` ${close}${tail}`);
  }
  const details = el('details', { className: 'json-node' });
  details.open = !(state.jsonCollapsed ?? []).includes(path);
  const n = numbers.format(entries.length);
  const count = isArray ? (entries.length === 1 ? t('oneItem') : t('items', n)) : entries.length === 1 ? t('oneKey') : t('keys', n);
  details.append(el('summary', {}, ...jsonKey(key), open, el('span', { className: 'json-hint', text: ` … ${count} ${close}${tail}` })));
  const children = el('div', { className: 'json-children' });
  entries.forEach(([k, v], i) => children.append(jsonNode(k, v, pointer(path, k), depth + 1, i < entries.length - 1, budget)));
  details.append(children, el('div', { className: 'json-close', text: `${close}${tail}` }));
  details.addEventListener('toggle', () => {
    const wasOpen = !(state.jsonCollapsed ?? []).includes(path);
    if (details.open === wasOpen) return; // the render's own setting, not the user's
    saveState({ jsonCollapsed: toggleIn(state.jsonCollapsed, path, !details.open) });
    vscode.postMessage({ type: 'edited' });
  });
  return details;
}

function renderJson(model: DetailsModel): HTMLElement[] {
  const toolbar = el('div', { className: 'toolbar' });
  const copy = el('button', { text: t('copyJson'), testId: 'copy-json', attrs: { type: 'button' } });
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copyJson' }));
  const open = el('button', { className: 'secondary', text: t('openInEditor'), testId: 'open-json', attrs: { type: 'button' } });
  open.addEventListener('click', () => vscode.postMessage({ type: 'openJson' }));
  toolbar.append(copy, open, el('span', { className: 'copy-status', testId: 'copy-status', attrs: { role: 'status' } }));
  if (model.raw === undefined) {
    copy.disabled = true;
    open.disabled = true;
    return [toolbar, el('p', { className: 'missing', text: t('noJson') })];
  }
  const tree = el('div', { className: 'json-tree', testId: 'json-tree' });
  tree.append(jsonNode(undefined, model.raw, '', 0, false, { nodes: 0 }));
  return [toolbar, tree];
}

// ---- page ---------------------------------------------------------------------------------

function renderHeader(model: DetailsModel, header: Header | undefined): HTMLElement {
  const h = el('header', { className: 'pool-header' });
  const title = el('div', { className: 'title-row' });
  title.append(el('h1', { text: header?.title ?? model.name, testId: 'pool-name' }));
  if (header) title.append(renderValue(header.phase));
  h.append(title);
  h.append(el('p', { className: 'pool-id' }, el('span', { text: `${t('id')} ` }), el('code', { text: header?.id ?? model.name, testId: 'pool-id' })));
  if (header) h.append(renderFields(header.rows));
  return h;
}

function renderSection(section: Section, model: DetailsModel): HTMLElement {
  const details = el('details', { className: 'section-body' });
  details.open = !(state.collapsed ?? []).includes(section.id);
  details.append(el('summary', {}, el('h2', { text: section.title })));
  const blocks = section.id === 'json' ? renderJson(model) : section.blocks.map(renderBlock);
  details.append(...blocks);
  details.addEventListener('toggle', () => {
    const wasOpen = !(state.collapsed ?? []).includes(section.id);
    if (details.open === wasOpen) return; // the render's own setting, not the user's
    saveState({ collapsed: toggleIn(state.collapsed, section.id, !details.open) });
    vscode.postMessage({ type: 'edited' });
  });
  return el('section', { className: `section section-${section.id}`, testId: `section-${section.id}`, attrs: { 'data-section': section.id } }, details);
}

/** The first section at or below the top of the window, and how far below the top it starts. */
function sectionAtTop(): { id: string; top: number } | undefined {
  for (const section of Array.from(document.querySelectorAll<HTMLElement>('section[data-section]'))) {
    const box = section.getBoundingClientRect();
    if (box.bottom > 0) return { id: section.dataset.section ?? '', top: box.top };
  }
  return undefined;
}

function render(model: DetailsModel, switched = false): void {
  // Another pool in the same page: keep the section that was at the top where it was.
  const anchor = switched && rendered && window.scrollY > 0 ? sectionAtTop() : undefined;
  const scrollY = rendered ? (switched ? 0 : window.scrollY) : (state.scrollY ?? 0);
  const children: HTMLElement[] = [];
  if (model.notice) {
    children.push(el('div', { className: `notice tone-${model.notice.tone}`, text: model.notice.text, testId: 'notice', attrs: { role: 'status' } }));
  }
  children.push(renderHeader(model, model.header));
  for (const section of model.sections) children.push(renderSection(section, model));
  app.replaceChildren(...children);
  app.classList.toggle('gone', model.state === 'gone');
  app.setAttribute('data-state', model.state);
  app.removeAttribute('aria-busy');
  document.title = model.header?.title ?? model.name;
  if (state.poolName !== model.name) saveState({ poolName: model.name });
  window.scrollTo(0, scrollY);
  const same = anchor ? document.querySelector<HTMLElement>(`section[data-section="${anchor.id}"]`) : null;
  if (anchor && same) window.scrollBy(0, same.getBoundingClientRect().top - anchor.top);
  rendered = true;
  vscode.postMessage({ type: 'rendered', name: model.name });
}

function renderError(message: string, name?: string): void {
  app.replaceChildren(el('div', { className: 'notice tone-error', text: message, testId: 'notice', attrs: { role: 'alert' } }));
  app.removeAttribute('aria-busy');
  if (name) vscode.postMessage({ type: 'rendered', name });
}

function isModel(value: unknown): value is DetailsModel {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.name === 'string' && Array.isArray(m.sections);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as ToPage | undefined;
  if (typeof message !== 'object' || message === null) return;
  if (message.type === 'model') {
    if (!isModel(message.model)) {
      renderError(t('unexpectedShape'));
      return;
    }
    try {
      render(message.model, message.switched === true);
    } catch (error) {
      renderError(t('renderFailed', error instanceof Error ? error.message : String(error)), message.model.name);
    }
  } else if (message.type === 'copied') {
    const status = document.querySelector('[data-testid="copy-status"]');
    if (!status) return;
    status.textContent = message.ok ? t('copied') : t('nothingToCopy');
    if (copyTimer !== undefined) clearTimeout(copyTimer);
    copyTimer = setTimeout(() => {
      status.textContent = '';
    }, 2500);
  }
});

let scrollQueued = false;
window.addEventListener('scroll', () => {
  if (scrollQueued || !rendered) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    saveState({ scrollY: window.scrollY });
  });
});

vscode.postMessage({ type: 'ready' });
