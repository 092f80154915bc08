import * as l10n from '@vscode/l10n';
import { parsePoolList } from '../modelarts/parse';
import type { ParseProblem } from '../modelarts/parse';
import type { Pool, PoolResource, ResourceState } from '../modelarts/types';
import { ANNOTATION_DESCRIPTION, RESOURCE_STATES } from '../modelarts/types';
import { age, displayName, flavorCounts, formatDate, phaseOf, phaseStyle } from '../pools/summary';
import type { Block, Column, DetailsIcon, DetailsModel, FieldRow, Header, Notice, PageStrings, Section, Value } from './protocol';
import { DETAILS_ICONS } from './protocol';

/**
 * The details page's data: a pool turned into sections of fields, tables and
 * bars, as plain JSON that the page script renders with DOM APIs. Everything
 * here is text and numbers; nothing is HTML. Plain module: no vscode import.
 */

export type {
  Bar,
  BarSegment,
  Block,
  Column,
  DetailsModel,
  FieldRow,
  Header,
  Notice,
  Section,
  SectionId,
  Value,
} from './protocol';
export { NOT_REPORTED } from './protocol';

/** A codicon id as one the page draws; an unknown one as the question mark. */
function detailsIcon(id: string): DetailsIcon {
  return (DETAILS_ICONS as readonly string[]).includes(id) ? (id as DetailsIcon) : 'question';
}

// ---- state presentation -------------------------------------------------------

interface Look {
  icon: DetailsIcon;
  color?: string;
}

const OK: Look = { icon: 'pass', color: 'testing.iconPassed' };
const BUSY: Look = { icon: 'loading~spin', color: 'charts.blue' };
const BUSY_DOWN: Look = { icon: 'loading~spin', color: 'charts.orange' };
const WAIT: Look = { icon: 'clock', color: 'charts.yellow' };
const WARN: Look = { icon: 'warning', color: 'problemsWarningIcon.foreground' };
const FAIL: Look = { icon: 'error', color: 'problemsErrorIcon.foreground' };
const OFF: Look = { icon: 'circle-slash', color: 'disabledForeground' };
const UNKNOWN: Look = { icon: 'question', color: 'problemsInfoIcon.foreground' };

/** Scope states (Table 26). */
const SCOPE_STATES: Record<string, Look> = {
  Enabled: OK,
  Enabling: BUSY,
  Disabling: BUSY_DOWN,
  Disabled: OFF,
  EnableFailed: FAIL,
};
/** Plugin phases (Table 27). */
const PLUGIN_PHASES: Record<string, Look> = {
  Running: OK,
  Pending: WAIT,
  Updating: BUSY,
  Abnormal: WARN,
  Deleting: BUSY_DOWN,
};
/** Driver states (Table 29). */
const DRIVER_STATES: Record<string, Look> = {
  Running: OK,
  Creating: BUSY,
  Upgrading: BUSY,
  Abnormal: WARN,
};

/** Colours of the node states, in bar order. */
export const STATE_COLORS: Record<ResourceState, string> = {
  available: 'testing.iconPassed',
  creating: 'charts.blue',
  abnormal: 'problemsErrorIcon.foreground',
  deleting: 'charts.orange',
};
function stateLabels(): Record<ResourceState, string> {
  return { creating: l10n.t('Creating'), available: l10n.t('Available'), abnormal: l10n.t('Abnormal'), deleting: l10n.t('Deleting') };
}

/** "not reported" in the display language. */
function notReported(): string {
  return l10n.t('not reported');
}

/** "none" for an empty list. */
function none(): string {
  return l10n.t('none');
}

/** The page's own words in the display language (see PageStrings). */
export function pageStrings(): PageStrings {
  return {
    pageTitle: l10n.t('Pool details'),
    loading: l10n.t('Loading pool details…'),
    notReported: notReported(),
    empty: l10n.t('empty'),
    text: l10n.t('text'),
    oneLine: l10n.t('{0} (1 line)'),
    lines: l10n.t('{0} ({1} lines)'),
    openDetailsOf: l10n.t('Open the details of {0}'),
    notInList: l10n.t('{0} is not in the current pool list'),
    notInCurrentList: l10n.t(' (not in the current list)'),
    noNodes: l10n.t('no nodes'),
    segment: l10n.t({ message: '{0} {1}', comment: ['A node count and its state in a bar, e.g. "3 available".'] }),
    available: l10n.t('available'),
    creating: l10n.t('creating'),
    abnormal: l10n.t('abnormal'),
    deleting: l10n.t('deleting'),
    oneNode: l10n.t('1 node'),
    nodes: l10n.t('{0} nodes'),
    tooLarge: l10n.t('… too large for this view; use Open as JSON'),
    oneItem: l10n.t('1 item'),
    items: l10n.t('{0} items'),
    oneKey: l10n.t('1 key'),
    keys: l10n.t('{0} keys'),
    copyJson: l10n.t('Copy JSON'),
    openInEditor: l10n.t('Open in Editor'),
    noJson: l10n.t('No JSON: this pool was never received.'),
    id: l10n.t('ID'),
    unexpectedShape: l10n.t('The details could not be shown: the extension sent data in an unexpected shape.'),
    renderFailed: l10n.t('The details could not be shown: {0}'),
    copied: l10n.t('Copied.'),
    nothingToCopy: l10n.t('Nothing to copy.'),
  };
}
const BAR_ORDER: readonly ResourceState[] = ['available', 'creating', 'abnormal', 'deleting'];

function badge(text: string | undefined, looks: Record<string, Look>, testId?: string): Value {
  if (text === undefined) return missing(testId);
  if (text === '') return { kind: 'empty', testId };
  const look = Object.prototype.hasOwnProperty.call(looks, text) ? looks[text] : UNKNOWN;
  return { kind: 'badge', text, icon: look.icon, color: look.color, testId };
}

/** "name: Phase" with the phase's icon and colour. */
function plugin(name: string | undefined, phase: string | undefined): Value {
  const label = orNotReported(name, l10n.t('name'));
  if (phase === undefined || phase === '') return text(l10n.t('{0}: phase not reported', label));
  const look = Object.prototype.hasOwnProperty.call(PLUGIN_PHASES, phase) ? PLUGIN_PHASES[phase] : UNKNOWN;
  return { kind: 'badge', text: `${label}: ${phase}`, icon: look.icon, color: look.color };
}

// ---- value helpers ---------------------------------------------------------------

function missing(testId?: string): Value {
  return testId ? { kind: 'missing', testId } : { kind: 'missing' };
}

function text(value: string | undefined, opts: { mono?: boolean; testId?: string } = {}): Value {
  if (value === undefined) return missing(opts.testId);
  if (value === '') return { kind: 'empty', testId: opts.testId };
  const v: Value = { kind: 'text', text: value };
  if (opts.mono) v.mono = true;
  if (opts.testId) v.testId = opts.testId;
  return v;
}

function num(value: number | undefined, testId?: string): Value {
  if (value === undefined) return missing(testId);
  return testId ? { kind: 'number', value, testId } : { kind: 'number', value };
}

function list(items: Value[] | undefined, layout: 'inline' | 'lines' = 'inline', emptyText?: string): Value {
  if (items === undefined) return missing();
  if (items.length === 0) return emptyText ? { kind: 'empty', text: emptyText } : { kind: 'empty' };
  return { kind: 'list', items, layout };
}

/** "500 GiB" for a size string; the string as given when it is not a number. */
function gib(size: string | undefined): string {
  if (size === undefined) return l10n.t('size not reported');
  return /^\s*\d+(\.\d+)?\s*$/.test(size) ? l10n.t('{0} GiB', size.trim()) : l10n.t('size "{0}"', size);
}

function orNotReported(value: string | undefined, what: string): string {
  return value === undefined || value === '' ? l10n.t('{0} not reported', what) : value;
}

// ---- time ----------------------------------------------------------------------

/** "2024-06-27 15:20:02 UTC" (in the display language's date format) or undefined when the string is not a date. */
export function formatUtc(value: string | number): string | undefined {
  const t = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(t)) return undefined;
  return l10n.t('{0} UTC', formatDate(t, true));
}

function created(value: string | undefined, now: number): Value {
  if (value === undefined) return missing('pool-created');
  if (value === '') return { kind: 'empty', testId: 'pool-created' };
  const formatted = formatUtc(value);
  if (formatted === undefined) return { kind: 'text', text: l10n.t('{0} (not a valid date)', value), testId: 'pool-created' };
  return { kind: 'text', text: l10n.t('{0} ({1})', formatted, age(now - Date.parse(value))), testId: 'pool-created' };
}

// ---- base64 ----------------------------------------------------------------------

/** The decoded text of a base64 string, or undefined when it is not base64 of UTF-8 text. */
export function decodeBase64Text(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
    // Control characters other than tab, newline and carriage return mean it is not a script.
    for (let i = 0; i < decoded.length; i++) {
      const c = decoded.charCodeAt(i);
      if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return undefined;
    }
    return decoded;
  } catch {
    return undefined;
  }
}

// ---- sections ------------------------------------------------------------------

function resourceTable(resources: readonly PoolResource[]): Block {
  const columns: Column[] = [{ label: l10n.t('Flavor') }];
  const flavorKey = (r: PoolResource, i: number): string => r.flavor || `resource ${i + 1}`;
  resources.forEach((r, i) => columns.push({ label: r.flavor || l10n.t('resource {0} (flavor not reported)', i + 1) }));
  const row = (label: string, cell: (r: PoolResource, i: number) => Value): Value[] => [
    { kind: 'text', text: label },
    ...resources.map(cell),
  ];
  const rows: Value[][] = [
    row(l10n.t('Count'), (r, i) => num(r.count, `spec-count-${flavorKey(r, i)}`)),
    row(l10n.t('Max count'), (r) => num(r.maxCount)),
    row(l10n.t('AZs'), (r) =>
      list(
        r.azs?.map((az) => text(l10n.t('{0}: {1}', orNotReported(az.az, l10n.t('AZ')), az.count ?? notReported()))),
        'lines',
        none(),
      ),
    ),
    row(l10n.t('Tags'), (r) =>
      list(
        r.tags?.map((t) => text(`${t.key ?? l10n.t('(key not reported)')}=${t.value ?? ''}`, { mono: true })),
        'lines',
        none(),
      ),
    ),
    row(l10n.t('Root volume'), (r) =>
      r.rootVolume ? text(l10n.t('{0}, {1}', orNotReported(r.rootVolume.volumeType, l10n.t('type')), gib(r.rootVolume.size))) : missing(),
    ),
    row(l10n.t('Data volumes'), (r) =>
      list(
        r.dataVolumes?.map((v) => {
          let s = l10n.t('{0}, {1}', orNotReported(v.volumeType, l10n.t('type')), gib(v.size));
          if (v.count !== undefined) s += ` × ${v.count}`;
          if (v.extendParams?.volumeGroup !== undefined) s += l10n.t(' (volume group {0})', v.extendParams.volumeGroup);
          return text(s);
        }),
        'lines',
        none(),
      ),
    ),
    row(l10n.t('Volume groups'), (r) =>
      list(
        r.volumeGroupConfigs?.map((g) => {
          const parts = [orNotReported(g.volumeGroup, l10n.t('name'))];
          if (g.dockerThinPool !== undefined) parts.push(l10n.t('docker thin pool {0}%', g.dockerThinPool));
          if (g.lvmConfig) {
            const type = orNotReported(g.lvmConfig.lvType, l10n.t('type'));
            parts.push(g.lvmConfig.path !== undefined ? l10n.t('LVM {0} at {1}', type, g.lvmConfig.path) : l10n.t('LVM {0}', type));
          }
          if (g.types !== undefined) parts.push(l10n.t('types: {0}', g.types.length ? g.types.join(', ') : none()));
          return text(parts.join('; '));
        }),
        'lines',
        none(),
      ),
    ),
    row(l10n.t('Docker base size'), (r) => (r.extendParams ? text(r.extendParams.dockerBaseSize) : missing())),
    row(l10n.t('Post-install script'), (r) => {
      const script = r.extendParams?.postInstall;
      if (script === undefined) return missing();
      if (script === '') return { kind: 'empty' };
      const decoded = decodeBase64Text(script);
      return decoded === undefined
        ? { kind: 'code', text: script, caption: l10n.t('not base64 text; as received') }
        : { kind: 'code', text: decoded, caption: l10n.t('decoded from base64') };
    }),
    row(l10n.t('Creating step'), (r) =>
      r.creatingStep
        ? text(l10n.t('step {0}, type {1}', r.creatingStep.step ?? notReported(), r.creatingStep.type ?? notReported()))
        : missing(),
    ),
  ];
  return { kind: 'table', title: l10n.t('Resources'), columns, rows, rowHeaders: true, testId: 'spec-resources' };
}

function specSection(pool: Pool): Section {
  const spec = pool.spec;
  const blocks: Block[] = [];
  if (!spec) {
    blocks.push({ kind: 'note', text: l10n.t('Spec not reported.') });
    return { id: 'spec', title: l10n.t('Spec'), blocks };
  }
  const masters = spec.masters;
  blocks.push({
    kind: 'fields',
    rows: [
      { label: l10n.t('Type'), value: text(spec.type) },
      { label: l10n.t('Scope'), value: list(spec.scope?.map((s) => text(s)), 'inline', none()) },
      { label: l10n.t('Network'), value: spec.network ? text(spec.network.name, { mono: true }) : missing() },
      { label: l10n.t('Container network mode'), value: spec.containerNetwork ? text(spec.containerNetwork.mode) : missing() },
      {
        label: l10n.t('Container CIDR'),
        value: spec.containerNetwork ? text(spec.containerNetwork.cidr, { mono: true }) : missing(),
      },
      { label: l10n.t('Kubernetes service CIDR'), value: text(spec.kubernetesSvcIpRange, { mono: true }) },
      {
        label: l10n.t('Masters'),
        value:
          masters === undefined
            ? missing()
            : masters.length === 0
              ? { kind: 'empty', text: none() }
              : masters.length === 1
                ? text(l10n.t('1 master: {0}', orNotReported(masters[0].az, l10n.t('AZ'))))
                : text(l10n.t('{0} masters: {1}', masters.length, masters.map((m) => orNotReported(m.az, l10n.t('AZ'))).join(', '))),
      },
      { label: l10n.t('Cluster flavor'), value: text(spec.clusterFlavor, { mono: true }) },
      { label: l10n.t('GPU driver version'), value: spec.driver ? text(spec.driver.gpuVersion) : missing() },
      { label: l10n.t('NPU driver version'), value: spec.driver ? text(spec.driver.npuVersion) : missing() },
      { label: l10n.t('Driver update strategy'), value: spec.driver ? text(spec.driver.updateStrategy) : missing() },
    ],
  });
  if (spec.resources === undefined) {
    blocks.push({ kind: 'note', text: l10n.t('Resources not reported.') });
  } else if (spec.resources.length === 0) {
    blocks.push({ kind: 'note', text: l10n.t('No resources in the spec.') });
  } else {
    blocks.push(resourceTable(spec.resources));
  }
  return { id: 'spec', title: l10n.t('Spec'), blocks };
}

function poolLink(name: string | undefined, isPresent: (name: string) => boolean, testId: string, self: string): Value {
  if (name === undefined) return missing(testId);
  if (name === '') return { kind: 'empty', text: none(), testId };
  if (name === self) return { kind: 'text', text: l10n.t('{0} (this pool)', name), mono: true, testId };
  return { kind: 'pool', name, label: name, present: isPresent(name), testId };
}

function statusSection(pool: Pool, isPresent: (name: string) => boolean): Section {
  const status = pool.status;
  const blocks: Block[] = [];
  const self = pool.metadata.name;
  blocks.push({
    kind: 'fields',
    rows: [
      { label: l10n.t('Parent'), value: poolLink(status?.parent, isPresent, 'pool-link-parent', self) },
      { label: l10n.t('Root'), value: poolLink(status?.root, isPresent, 'pool-link-root', self) },
    ],
  });

  // Nodes per flavor.
  if (!status?.resources) {
    blocks.push({ kind: 'note', text: l10n.t('Node counts not reported.') });
  } else {
    const rows = flavorCounts(pool);
    if (rows.length === 0) {
      blocks.push({ kind: 'note', text: l10n.t('No nodes reported.') });
    } else {
      const zones = availableZones(pool);
      const labels = stateLabels();
      blocks.push({
        kind: 'table',
        title: l10n.t('Nodes'),
        testId: 'status-resources',
        columns: [
          { label: l10n.t('Flavor') },
          { label: l10n.t('Desired'), numeric: true },
          ...RESOURCE_STATES.map((s) => ({ label: labels[s], numeric: true })),
          { label: l10n.t('Available by AZ') },
        ],
        rows: rows.map((r) => [
          text(r.flavor, { mono: true }),
          num(r.count, `resource-count-${r.flavor}-desired`),
          ...RESOURCE_STATES.map((s) => num(r[s], `resource-count-${r.flavor}-${s}`)),
          list(zones.get(r.flavor)?.map((z) => text(z)), 'lines', none()),
        ]),
      });
      blocks.push({
        kind: 'bars',
        title: l10n.t('Nodes by state'),
        legend: BAR_ORDER.map((s) => ({ state: s, label: labels[s], color: STATE_COLORS[s] })),
        bars: rows.map((r) => ({
          label: r.flavor,
          total: BAR_ORDER.reduce((n, s) => n + r[s], 0),
          segments: BAR_ORDER.filter((s) => r[s] > 0).map((s) => ({ state: s, count: r[s], color: STATE_COLORS[s] })),
        })),
      });
    }
  }

  // Scope status.
  const scope = status?.scope;
  if (scope === undefined) {
    blocks.push({ kind: 'note', text: l10n.t('Scope status not reported.') });
  } else if (scope.length === 0) {
    blocks.push({ kind: 'note', text: l10n.t('No scopes enabled.') });
  } else {
    blocks.push({
      kind: 'table',
      title: l10n.t('Scopes'),
      testId: 'status-scope',
      columns: [{ label: l10n.t('Scope') }, { label: l10n.t('State') }, { label: l10n.t('Plugins') }, { label: l10n.t('Message') }],
      rows: scope.map((s) => [
        text(s.scopeType),
        badge(s.state, SCOPE_STATES),
        list(
          s.plugins?.map((p) => plugin(p.name, p.phase)),
          'lines',
          none(),
        ),
        text(s.message),
      ]),
    });
  }

  // Driver status.
  const driver = status?.driver;
  if (driver === undefined) {
    blocks.push({ kind: 'note', text: l10n.t('Driver status not reported.') });
  } else {
    blocks.push({
      kind: 'table',
      title: l10n.t('Drivers'),
      testId: 'status-driver',
      columns: [{ label: l10n.t('Driver') }, { label: l10n.t('Version') }, { label: l10n.t('State') }],
      rows: (['gpu', 'npu'] as const).map((k) => [
        text(k.toUpperCase()),
        driver[k] ? text(driver[k]?.version, { mono: true }) : missing(),
        driver[k] ? badge(driver[k]?.state, DRIVER_STATES) : missing(),
      ]),
    });
  }
  return { id: 'status', title: l10n.t('Status'), blocks };
}

/** "cn-north-4a: 6" per flavor, from status.resources.available. */
function availableZones(pool: Pool): Map<string, string[]> {
  const out = new Map<string, Map<string, number>>();
  for (const item of pool.status?.resources?.available ?? []) {
    const flavor = item.flavor || l10n.t('(no flavor)');
    for (const az of item.azs ?? []) {
      const byAz = out.get(flavor) ?? new Map<string, number>();
      out.set(flavor, byAz);
      const key = az.az || l10n.t('{0} not reported', l10n.t('AZ'));
      byAz.set(key, (byAz.get(key) ?? 0) + (az.count ?? 0));
    }
  }
  return new Map([...out].map(([f, m]) => [f, [...m].map(([az, n]) => l10n.t('{0}: {1}', az, n))]));
}

function mapSection(id: 'labels' | 'annotations', map: Record<string, string | undefined> | undefined): Section {
  const title = id === 'labels' ? l10n.t('Labels') : l10n.t('Annotations');
  if (map === undefined) {
    return { id, title, blocks: [{ kind: 'note', text: id === 'labels' ? l10n.t('Labels not reported.') : l10n.t('Annotations not reported.') }] };
  }
  const entries = Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string');
  if (entries.length === 0) return { id, title, blocks: [{ kind: 'note', text: id === 'labels' ? l10n.t('No labels.') : l10n.t('No annotations.') }] };
  return {
    id,
    title,
    blocks: [
      {
        kind: 'table',
        testId: id,
        columns: [{ label: l10n.t('Key') }, { label: l10n.t('Value') }],
        rows: entries.map(([k, v]) => [text(k, { mono: true }), text(v)]),
      },
    ],
  };
}

function header(pool: Pool, now: number): Header {
  const phase = phaseOf(pool);
  const style = phaseStyle(phase);
  const description = pool.metadata.annotations?.[ANNOTATION_DESCRIPTION];
  const rows: FieldRow[] = [
    { label: l10n.t('Status message'), value: text(pool.status?.message, { testId: 'pool-message' }) },
    { label: l10n.t('Type'), value: text(pool.spec?.type, { testId: 'pool-type' }) },
    { label: l10n.t('Created'), value: created(pool.metadata.creationTimestamp, now) },
  ];
  if (description) rows.push({ label: l10n.t('Description'), value: text(description) });
  return {
    title: displayName(pool),
    id: pool.metadata.name,
    phase: { kind: 'badge', text: style.label, icon: detailsIcon(style.icon), color: style.color, testId: 'pool-phase' },
    rows,
  };
}

// ---- entry points ----------------------------------------------------------------

export interface BuildInput {
  /** metadata.name of the pool. */
  name: string;
  /** The item exactly as received; preferred, because it is re-validated here. */
  raw?: unknown;
  /** The parsed pool, used when there is no raw item. */
  pool?: Pool;
  /** Whether a pool of this name is in the current list (for parent/root links). */
  isPresent?: (name: string) => boolean;
  now?: number;
}

/**
 * Builds the sections for one pool. The raw item is validated again with the
 * ListPools parser, so wrong-typed fields read "not reported" in the sections,
 * are listed under "Data problems", and still show in the JSON as received.
 */
export function buildDetailsModel(input: BuildInput): DetailsModel {
  const now = input.now ?? Date.now();
  let pool = input.pool;
  let problems: ParseProblem[] = [];
  if (input.raw !== undefined) {
    const parsed = parsePoolList([input.raw], 'pool');
    if (parsed.ok && parsed.pools.length === 1) {
      pool = parsed.pools[0];
      problems = parsed.problems;
    } else if (parsed.ok) {
      problems = parsed.problems;
    }
  }
  const base = { name: input.name, raw: input.raw !== undefined ? input.raw : input.pool, builtAt: now };
  if (!pool) {
    const reason = problems[0]?.message ?? l10n.t('it is not a pool object');
    return {
      ...base,
      state: 'present',
      notice: { tone: 'error', text: l10n.t('The data received for "{0}" cannot be shown as a pool: {1}.', input.name, reason) },
      sections: [jsonSection()],
    };
  }
  const isPresent = input.isPresent ?? (() => false);
  const sections: Section[] = [];
  if (problems.length) {
    sections.push({
      id: 'problems',
      title: l10n.t('Data problems'),
      blocks: [
        {
          kind: 'note',
          tone: 'warning',
          text:
            problems.length === 1
              ? l10n.t('1 field has an unexpected type and is shown only in the JSON below:')
              : l10n.t('{0} fields have an unexpected type and are shown only in the JSON below:', problems.length),
          items: problems.map((p) => `${p.path.replace(/^items\[0\]\.?/, '') || l10n.t('(pool)')}: ${p.message}`),
        },
      ],
    });
  }
  sections.push(
    specSection(pool),
    statusSection(pool, isPresent),
    mapSection('labels', pool.metadata.labels),
    mapSection('annotations', pool.metadata.annotations),
    jsonSection(),
  );
  return { ...base, state: 'present', header: header(pool, now), sections };
}

function jsonSection(): Section {
  return { id: 'json', title: 'JSON', blocks: [] };
}

/** What the details page of `name` shows given the current list. */
export interface PoolLookup {
  readonly snapshot:
    | {
        readonly source: { readonly label: string };
        readonly error?: string;
        readonly loadedAt: number;
      }
    | undefined;
  get(name: string): Pool | undefined;
  getRaw(name: string): unknown;
}

/**
 * The model for `name` from the store: fresh when the pool is listed; else the
 * previous model (if any) marked gone, with a notice that says why.
 */
export function detailsFor(store: PoolLookup, name: string, previous: DetailsModel | undefined, now = Date.now()): DetailsModel {
  const pool = store.get(name);
  if (pool) {
    return buildDetailsModel({ name, pool, raw: store.getRaw(name), isPresent: (n) => store.get(n) !== undefined, now });
  }
  const snapshot = store.snapshot;
  let text: string;
  let tone: Notice['tone'] = 'warning';
  if (!snapshot) {
    text = l10n.t('Pool "{0}" is not loaded: no pool list is open. Open the sample pools, a ListPools file, or connect to ModelArts.', name);
  } else if (snapshot.error !== undefined) {
    tone = 'error';
    text = l10n.t('Pool "{0}" cannot be shown: the pool list could not be loaded ({1}).', name, snapshot.error);
  } else {
    const at = formatUtc(snapshot.loadedAt) ?? l10n.t('the last refresh');
    text = l10n.t(
      'Pool "{0}" is gone: it is not in the pool list from {1} loaded at {2}. It may have been deleted, or the list now comes from another source.',
      name,
      snapshot.source.label,
      at,
    );
  }
  if (previous?.header) text += l10n.t(' Below is the last data received.');
  const kept = previous?.header ? previous : undefined;
  return {
    name,
    state: 'gone',
    notice: { tone, text },
    header: kept?.header,
    sections: kept?.sections ?? [],
    raw: kept?.raw,
    builtAt: now,
  };
}

/** The display name for a pool's panel title, from whatever is known. */
export function titleFor(model: DetailsModel): string {
  const title = model.header?.title ?? model.name;
  return model.state === 'gone' ? l10n.t('{0} (gone)', title) : title;
}
