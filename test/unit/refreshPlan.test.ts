import * as assert from 'node:assert/strict';
import type { Pool } from '../../src/modelarts/types';
import { filterPools } from '../../src/pools/filterView';
import type { WatchedLoad } from '../../src/pools/failureNews';
import { failingBadge, failureMessage, failureNews, loadKey } from '../../src/pools/failureNews';
import type { RefreshClock } from '../../src/pools/refreshSchedule';
import { autoRefreshSetting, nextRefresh } from '../../src/pools/refreshSchedule';
import { planTreeUpdate, sourceKey } from '../../src/pools/treePlan';
import type { PoolSnapshot, SourceDescription } from '../../src/pools/store';

function pool(name: string, phase: string, extra: { parent?: string; label?: string; nodes?: number } = {}): Pool {
  return {
    metadata: { name, labels: extra.label ? { 'os.modelarts/name': extra.label } : {} },
    spec: { resources: [{ flavor: 'gpu', count: extra.nodes ?? 1 }] },
    status: { phase, parent: extra.parent },
  };
}

const SAMPLE: SourceDescription = { kind: 'sample', label: 'Sample pools' };

function snap(pools: Pool[], extra: Partial<PoolSnapshot> = {}): PoolSnapshot {
  return { source: SAMPLE, pools, raw: new Map(), problems: [], loadedAt: 1, ...extra };
}

/** Fresh copies, as a new load parses them. */
function load(): Pool[] {
  return [
    pool('phys', 'Running', { label: 'Physical' }),
    pool('log-a', 'Running', { parent: 'phys', label: 'A' }),
    pool('log-b', 'Running', { parent: 'phys', label: 'B' }),
    pool('lone', 'Creating'),
  ];
}

function edit(pools: Pool[], name: string, change: (p: Pool) => Pool): Pool[] {
  return pools.map((p) => (p.metadata.name === name ? change(p) : p));
}

describe('refresh planning', () => {
  describe('planTreeUpdate', () => {
    it('rebuilds on the first load', () => {
      assert.deepEqual(planTreeUpdate(undefined, { snapshot: snap(load()) }), { kind: 'rebuild', reason: 'first load' });
    });

    it('updates nothing when a refresh brings the same data', () => {
      assert.deepEqual(planTreeUpdate({ snapshot: snap(load()) }, { snapshot: snap(load(), { loadedAt: 2 }) }), { kind: 'update', changed: [] });
    });

    it('re-renders only the pools that changed when the tree keeps its shape', () => {
      const next = edit(edit(load(), 'log-b', (p) => ({ ...p, status: { ...p.status, phase: 'Abnormal' } })), 'lone', (p) => ({
        ...p,
        spec: { resources: [{ flavor: 'gpu', count: 4 }] },
      }));
      assert.deepEqual(planTreeUpdate({ snapshot: snap(load()) }, { snapshot: snap(next) }), { kind: 'update', changed: ['log-b', 'lone'] });
    });

    it('rebuilds when pools come or go, are reordered or move to another parent', () => {
      const prev = { snapshot: snap(load()) };
      assert.equal(planTreeUpdate(prev, { snapshot: snap([...load(), pool('new', 'Running')]) }).kind, 'rebuild');
      assert.equal(planTreeUpdate(prev, { snapshot: snap(load().slice(1)) }).kind, 'rebuild');
      assert.equal(planTreeUpdate(prev, { snapshot: snap(load().reverse()) }).kind, 'rebuild');
      const moved = edit(load(), 'log-b', (p) => ({ ...p, status: { ...p.status, parent: 'lone' } }));
      assert.equal(planTreeUpdate(prev, { snapshot: snap(moved) }).kind, 'rebuild');
    });

    it('rebuilds when a pool is renamed, since siblings are sorted by name', () => {
      const renamed = edit(load(), 'log-b', (p) => ({ ...p, metadata: { ...p.metadata, labels: { 'os.modelarts/name': '0 first' } } }));
      assert.deepEqual(planTreeUpdate({ snapshot: snap(load()) }, { snapshot: snap(renamed) }), { kind: 'rebuild', reason: 'a pool was renamed' });
    });

    it('rebuilds on another source, a new error or other problems', () => {
      const prev = { snapshot: snap(load()) };
      assert.equal(planTreeUpdate(prev, { snapshot: snap(load(), { source: { kind: 'file', label: 'pools.json' } }) }).kind, 'rebuild');
      assert.equal(planTreeUpdate(prev, { snapshot: snap([], { error: 'HTTP 500' }) }).kind, 'rebuild');
      const problems = [{ path: 'items[3]', message: 'item 3 has no name', severity: 'skipped' as const }];
      assert.equal(planTreeUpdate(prev, { snapshot: snap(load(), { problems }) }).kind, 'rebuild');
      assert.deepEqual(planTreeUpdate({ snapshot: snap(load(), { problems }) }, { snapshot: snap(load(), { problems }) }), {
        kind: 'update',
        changed: [],
      });
    });

    it('rebuilds when a change makes the filter show other rows, and leaves out changed pools it hides', () => {
      const filter = { phases: ['Abnormal'] };
      const before = load();
      const prev = { snapshot: snap(before), filter: filterPools(before, filter, false) };
      const failing = edit(load(), 'log-b', (p) => ({ ...p, status: { ...p.status, phase: 'Abnormal' } }));
      assert.deepEqual(planTreeUpdate(prev, { snapshot: snap(failing), filter: filterPools(failing, filter, false) }), {
        kind: 'rebuild',
        reason: 'filtered rows changed',
      });
      // A hidden pool changes but stays hidden: nothing to re-render.
      const hiddenChange = edit(load(), 'lone', (p) => ({ ...p, spec: { resources: [{ flavor: 'gpu', count: 9 }] } }));
      const prev2 = { snapshot: snap(failing), filter: filterPools(failing, filter, false) };
      const next2 = edit(failing, 'lone', () => hiddenChange.find((p) => p.metadata.name === 'lone')!);
      assert.deepEqual(planTreeUpdate(prev2, { snapshot: snap(next2), filter: filterPools(next2, filter, false) }), {
        kind: 'update',
        changed: [],
      });
    });
  });

  describe('failure news', () => {
    const key = sourceKey(snap([]));
    const watched = (pools: Pool[], extra: Partial<PoolSnapshot> = {}, k = key): WatchedLoad => ({ snapshot: snap(pools, extra), key: k });

    it('names pools newly in a failing phase on a refresh of the same source', () => {
      const next = edit(load(), 'log-a', (p) => ({ ...p, status: { ...p.status, phase: 'Error' } }));
      assert.deepEqual(
        failureNews(watched(load()), watched(next)).map((p) => p.metadata.name),
        ['log-a'],
      );
    });

    it('is never news on a first load, another source or server query, or around an error', () => {
      const failing = [pool('x', 'Error'), pool('y', 'Abnormal')];
      assert.deepEqual(failureNews(undefined, watched(failing)), []);
      assert.deepEqual(failureNews(watched(load()), watched(failing, {}, `${key}\u0000{"status":"failed"}`)), []);
      assert.deepEqual(failureNews(watched([], { error: 'HTTP 500' }), watched(failing)), []);
      assert.deepEqual(failureNews(watched(load()), watched([], { error: 'HTTP 500' })), []);
    });

    it('keys a load by the server query that load was asked with, not by what the filter says now', () => {
      // A load asked with status=failed that lands after the filter went back to "everything" is
      // still a status=failed load: comparing it with an unfiltered one would report false news.
      const LIVE: SourceDescription = { kind: 'live', label: 'cn-north-4 · env keys' };
      const unfiltered = snap(load(), { source: LIVE, serverQuery: {} });
      const askedFailed = snap([pool('log-b', 'Abnormal', { parent: 'phys', label: 'B' })], { source: LIVE, serverQuery: { status: 'failed' } });
      assert.notEqual(loadKey(unfiltered), loadKey(askedFailed));
      const w = (s: PoolSnapshot): WatchedLoad => ({ snapshot: s, key: loadKey(s) });
      assert.deepEqual(failureNews(w(unfiltered), w(askedFailed)), [], 'loads asked different things are not compared');
      const again = snap(edit(load(), 'log-b', (p) => ({ ...p, status: { ...p.status, phase: 'Abnormal' } })), { source: LIVE, serverQuery: {} });
      assert.equal(loadKey(again), loadKey(unfiltered), 'the same question keys the same');
      assert.deepEqual(failureNews(w(unfiltered), w(again)).map((p) => p.metadata.name), ['log-b']);
      // The key is a function of the snapshot alone: nothing else (such as the filter) goes into it.
      assert.equal(loadKey.length, 1);
    });

    it('says which pools failed, naming at most three', () => {
      assert.equal(failureMessage([pool('a', 'CreationFailed', { label: 'train' })]), 'Pool "train" is now Creation failed.');
      assert.equal(
        failureMessage([pool('a', 'Error'), pool('b', 'Abnormal', { label: 'B' }), pool('c', 'ScalingFailed'), pool('d', 'Error'), pool('e', 'Error')]),
        '5 pools are now failing: "a" (Error), "B" (Abnormal), "c" (Scaling failed) and 2 more.',
      );
      const long = 'x'.repeat(100);
      assert.equal(failureMessage([pool('a', 'Error', { label: long })]), `Pool "${'x'.repeat(59)}…" is now Error.`);
    });

    it('names pools without letting their names form a link or an icon', () => {
      const link = '[a](command:workbench.extensions.installExtension?"x")';
      const one = failureMessage([pool('a', 'Abnormal', { label: link })]);
      assert.equal(one, 'Pool "［a］(command:workbench.extensions.installExtension?"x")" is now Abnormal.');
      const many = failureMessage([pool('a', 'Error', { label: link }), pool('$(x)', 'Abnormal'), pool('c', 'Error', { label: 'l\n<b>' })]);
      assert.doesNotMatch(many, /\]\(|\$\(|[<>\n]/);
      assert.equal(many, '3 pools are now failing: "［a］(command:workbench.extensions.installExtension?"x")" (Error), "＄(x)" (Abnormal), "l ‹b›" (Error).');
    });

    it('badges the view with the pools in a failing phase, none when zero', () => {
      assert.equal(failingBadge(load()), undefined);
      assert.deepEqual(failingBadge([...load(), pool('e1', 'Error'), pool('e2', 'Error'), pool('ab', 'Abnormal'), pool('w', 'Waiting')]), {
        value: 3,
        tooltip: '3 pools failing: 1 Abnormal, 2 Error',
      });
    });
  });

  describe('auto-refresh', () => {
    it('reads the setting: 0 is off, at least 10 seconds, at most a day', () => {
      assert.deepEqual(autoRefreshSetting(0), { seconds: 0 });
      assert.deepEqual(autoRefreshSetting(undefined), { seconds: 0 });
      assert.deepEqual(autoRefreshSetting(30), { seconds: 30 });
      assert.deepEqual(autoRefreshSetting(5), { seconds: 10, note: 'modelarts.autoRefreshSeconds is 5: using the minimum, 10 seconds.' });
      assert.deepEqual(autoRefreshSetting(1e9), {
        seconds: 86400,
        note: 'modelarts.autoRefreshSeconds is 1000000000: using the maximum, 86400 seconds (a day).',
      });
      assert.equal(autoRefreshSetting(-3).seconds, 0);
      assert.deepEqual(autoRefreshSetting('60'), {
        seconds: 0,
        note: 'modelarts.autoRefreshSeconds is "60", not a number of seconds: auto-refresh is off.',
      });
      assert.equal(autoRefreshSetting(Number.NaN).seconds, 0);
    });

    const clock = (c: Partial<RefreshClock>): RefreshClock => ({
      seconds: 30,
      hasSource: true,
      visible: true,
      focused: true,
      loading: false,
      lastLoadAt: 1_000_000,
      now: 1_000_000,
      ...c,
    });

    it('waits the interval from the end of the last load', () => {
      assert.deepEqual(nextRefresh(clock({})), { kind: 'wait', ms: 30_000 });
      assert.deepEqual(nextRefresh(clock({ now: 1_012_000 })), { kind: 'wait', ms: 18_000 });
      assert.deepEqual(nextRefresh(clock({ now: 1_030_000 })), { kind: 'now' });
      assert.deepEqual(nextRefresh(clock({ now: 1_029_950 })), { kind: 'now' }, 'a timer firing a hair early counts');
    });

    it('is off without an interval or a source, and waits for a running load', () => {
      assert.deepEqual(nextRefresh(clock({ seconds: 0 })), { kind: 'off' });
      assert.deepEqual(nextRefresh(clock({ hasSource: false })), { kind: 'off' });
      assert.deepEqual(nextRefresh(clock({ loading: true, now: 2_000_000 })), { kind: 'loading' });
    });

    it('pauses while the view is hidden or the window unfocused, and refreshes at once on return if one came due', () => {
      assert.deepEqual(nextRefresh(clock({ visible: false, now: 1_100_000 })), { kind: 'paused' });
      assert.deepEqual(nextRefresh(clock({ focused: false, now: 1_100_000 })), { kind: 'paused' });
      assert.deepEqual(nextRefresh(clock({ now: 1_100_000 })), { kind: 'now' });
      assert.deepEqual(nextRefresh(clock({ now: 1_010_000 })), { kind: 'wait', ms: 20_000 }, 'back before it came due: the rest of the wait');
    });
  });
});
