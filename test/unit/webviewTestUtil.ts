import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Block, DetailsModel, Section, Value } from '../../src/webview/viewModel';

/** The repository root (tests run from out/test/unit). */
export const ROOT = path.resolve(__dirname, '../../..');

export function fixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures', name), 'utf8'));
}

/** Every object in `value` (depth first), including nested ones. */
export function* walk(value: unknown): Generator<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) yield* walk(v);
    return;
  }
  yield value as Record<string, unknown>;
  for (const v of Object.values(value)) yield* walk(v);
}

/** The model without the raw item: what the sections and header say. */
export function shown(model: DetailsModel): Omit<DetailsModel, 'raw'> {
  const { raw: _raw, ...rest } = model;
  return rest;
}

/** The value carrying `data-testid` = id; fails when there is none or several. */
export function byTestId(model: DetailsModel, id: string): Value {
  const found = [...walk(shown(model))].filter((o) => o.testId === id);
  assert.equal(found.length, 1, `expected one value with testId ${id}, found ${found.length}`);
  return found[0] as unknown as Value;
}

export function section(model: DetailsModel, id: Section['id']): Section {
  const s = model.sections.find((x) => x.id === id);
  assert.ok(s, `no section ${id}; sections: ${model.sections.map((x) => x.id).join(', ')}`);
  return s;
}

/** The value of a field row by label, from any fields block of the section (or the header). */
export function field(rows: { label: string; value: Value }[], label: string): Value {
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `no field ${label}; fields: ${rows.map((r) => r.label).join(', ')}`);
  return row.value;
}

export function fields(s: Section): { label: string; value: Value }[] {
  return s.blocks.flatMap((b) => (b.kind === 'fields' ? b.rows : []));
}

export function table(s: Section, title: string): Extract<Block, { kind: 'table' }> {
  const t = s.blocks.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.title === title);
  assert.ok(t, `no table ${title} in ${s.id}`);
  return t;
}

export function notes(s: Section): string[] {
  return s.blocks.flatMap((b) => (b.kind === 'note' ? [b.text] : []));
}

/** Plain text of a value, as the page shows it. */
export function textOf(v: Value): string {
  switch (v.kind) {
    case 'text':
      return v.text;
    case 'number':
      return String(v.value);
    case 'missing':
      return 'not reported';
    case 'empty':
      return v.text ?? 'empty';
    case 'code':
      return v.text;
    case 'badge':
      return v.text;
    case 'pool':
      return v.label;
    case 'list':
      return v.items.map(textOf).join(v.layout === 'lines' ? '\n' : ', ');
  }
}

/** Row of a transposed table by its first cell. */
export function rowByHeader(t: Extract<Block, { kind: 'table' }>, header: string): Value[] {
  const row = t.rows.find((r) => r[0] && textOf(r[0]) === header);
  assert.ok(row, `no row ${header}`);
  return row;
}

/** Asserts that nothing shown reads "undefined", "NaN", "null" or "[object Object]". */
export function assertNoJunk(model: DetailsModel): void {
  for (const o of walk(shown(model))) {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v !== 'string' || k === 'testId') continue;
      assert.doesNotMatch(v, /\bundefined\b|\bNaN\b|\[object Object\]/, `${k}: ${v}`);
    }
  }
}
