import * as vscode from 'vscode';
import type { CommandRegistrar } from '../common/commands';
import { UserFacingError } from '../common/commands';
import { safeText, showStatus } from '../common/messages';
import { runQuickPick, showTracked } from '../common/quickPick';
import { untrustedText } from '../common/untrusted';
import { Commands } from '../common/constants';
import type { FilterController } from './filterController';
import { STATUS_PARAM_PHASES } from '../modelarts/statusParam';
import type { ListPoolsStatusParam } from '../modelarts/types';
import { LIST_POOLS_STATUS_PARAMS } from '../modelarts/types';
import { UNKNOWN_PHASE } from '../pools/filter';
import { phaseChoices, pickServerStatus, poolCount, statusArgument } from '../pools/filterView';
import { labelInput, labelStats, markOffset } from '../pools/labelSuggest';
import { parseSelector } from '../pools/selector';
import type { PoolStore } from '../pools/store';
import { displayName, phaseStyle } from '../pools/summary';
import type { SourceManager } from '../sources/sourceManager';
import type { PoolTree } from '../tree';
import { poolNameFrom } from '../tree/commands';

export interface FilterCommandDeps {
  commands: CommandRegistrar;
  store: PoolStore;
  sources: SourceManager;
  filters: FilterController;
  tree: PoolTree;
}

interface StatusItem extends vscode.QuickPickItem {
  phase?: string;
  server?: ListPoolsStatusParam;
}

interface LabelItem extends vscode.QuickPickItem {
  /** The selector this item applies; undefined for an item that cannot be applied (an error). */
  selector?: string;
}

/** Longest selector text shown in one quick pick line. */
const SELECTOR_SHOWN_MAX = 1000;

/** What each value of the API status parameter lists, in the display language. */
function serverStatusDetail(param: ListPoolsStatusParam): string {
  switch (param) {
    case 'created':
      return vscode.l10n.t('Created pools, whatever their health now');
    case 'failed':
      return vscode.l10n.t('Pools that failed to come up or broke as a whole');
    case 'creating':
      return vscode.l10n.t('Pools still being created or waiting for resources');
  }
}

/** "ModelArts: Filter by Status…", "…by Label…", "…by Name…", "Clear Filters" and "Show Only This Pool's Children". */
export function registerFilterCommands(deps: FilterCommandDeps): void {
  const { commands, store, sources, filters, tree } = deps;
  const register = commands.register.bind(commands);

  register(Commands.filterByStatus, async (arg: unknown) => {
    const given = statusArgument(arg);
    if (given && 'error' in given) throw new UserFacingError(safeText(vscode.l10n.t('{0}'), given.error));
    if (given) {
      await filters.update({ phases: given.phases, statusParam: given.statusParam });
      return;
    }
    await pickStatus(store, sources, filters);
  });

  register(Commands.filterByLabel, async (arg: unknown) => {
    if (typeof arg === 'string') {
      const parsed = parseSelector(arg);
      if (!parsed.ok) throw new UserFacingError(safeText(vscode.l10n.t('Invalid label selector: {0}.'), parsed.message));
      await filters.update({ labelSelector: arg.trim() === '' ? undefined : arg.trim() });
      return;
    }
    await pickLabel(store, filters);
  });

  register(Commands.filterByName, async (arg: unknown) => {
    if (typeof arg === 'string') {
      await filters.update({ name: arg.trim() === '' ? undefined : arg });
      return;
    }
    await askName(store, filters);
  });

  register(Commands.clearFilters, async () => {
    if (!filters.active) return;
    await filters.clear();
    showStatus(safeText(vscode.l10n.t('ModelArts: filters cleared')), 3000);
  });

  register(Commands.showChildren, async (arg: unknown) => {
    const name = poolNameFrom(arg, tree.view);
    if (!name) throw new UserFacingError(safeText(vscode.l10n.t('Select a pool in the Resource Pools view first.')));
    const pool = store.get(name);
    if (!pool) throw new UserFacingError(safeText(vscode.l10n.t('The pool "{0}" is no longer in the list.'), name));
    filters.rememberName(name, displayName(pool));
    await filters.update({ parent: name });
    const node = tree.provider.findPool(name);
    if (node && tree.view.visible) await tree.view.reveal(node, { expand: true, select: false, focus: false });
  });
}

/** The status QuickPick: phases with counts (multi-select), and the API status (one at most), applied by the server on sources that filter there. */
async function pickStatus(store: PoolStore, sources: SourceManager, filters: FilterController): Promise<void> {
  const current = filters.current;
  const pools = store.snapshot?.pools ?? [];
  const items: StatusItem[] = [{ label: vscode.l10n.t('Phase'), kind: vscode.QuickPickItemKind.Separator }];
  for (const choice of phaseChoices(pools, current)) {
    const style = phaseStyle(choice.phase === UNKNOWN_PHASE ? undefined : choice.phase);
    items.push({
      label: untrustedText(choice.phase),
      description:
        choice.phase === UNKNOWN_PHASE
          ? vscode.l10n.t('{0} · no phase or an undocumented one', poolCount(choice.count))
          : poolCount(choice.count),
      iconPath: new vscode.ThemeIcon(choice.phase === UNKNOWN_PHASE ? 'question' : style.icon),
      picked: choice.picked,
      phase: choice.phase,
    });
  }
  const onServer = sources.current?.capabilities.serverFilter ?? false;
  if (onServer || current.statusParam !== undefined) {
    items.push({
      label: onServer
        ? vscode.l10n.t('On the server: the API status parameter (one at most)')
        : vscode.l10n.t('API status (applied here as the server would)'),
      kind: vscode.QuickPickItemKind.Separator,
    });
    for (const param of LIST_POOLS_STATUS_PARAMS) {
      items.push({
        label: vscode.l10n.t({ message: 'status={0}', args: [param], comment: ['The ListPools API parameter as sent (e.g. status=failed): keep it as it is.'] }),
        description: serverStatusDetail(param),
        detail: vscode.l10n.t('Phases: {0}', STATUS_PARAM_PHASES[param].join(', ')),
        iconPath: new vscode.ThemeIcon('server'),
        picked: current.statusParam === param,
        server: param,
      });
    }
  }

  const qp = vscode.window.createQuickPick<StatusItem>();
  qp.title = vscode.l10n.t('Filter by Status');
  qp.placeholder = vscode.l10n.t('Show pools in the chosen phases (none chosen: every phase)');
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = items;
  qp.selectedItems = items.filter((i) => i.picked);
  let servers = qp.selectedItems.filter((i) => i.server).map((i) => i.server as string);
  qp.onDidChangeSelection((selected) => {
    const now = selected.filter((i) => i.server).map((i) => i.server as string);
    if (now.length <= 1) {
      servers = now;
      return;
    }
    const keep = pickServerStatus(servers, now);
    servers = keep ? [keep] : [];
    qp.selectedItems = selected.filter((i) => !i.server || i.server === keep);
  });
  const selected = await runQuickPick(qp, () => qp.selectedItems);
  if (!selected) return;
  const phases = selected.filter((i) => i.phase !== undefined).map((i) => i.phase as string);
  const server = selected.find((i) => i.server)?.server;
  await filters.update({ phases, statusParam: server });
}

/** Untrusted text made inert, keeping one space where it began or ended with one (around the ▸ mark). */
function inertKeepingEdges(part: string): string {
  return `${/^\s/.test(part) ? ' ' : ''}${untrustedText(part, SELECTOR_SHOWN_MAX)}${/\s$/.test(part) && part.trim() ? ' ' : ''}`;
}

/**
 * The label QuickPick: the typed selector on top (with how many pools it
 * matches, or what is wrong and where), then suggestions from the labels in
 * the data completing the requirement being typed. Nothing is applied while
 * the text does not parse.
 */
async function pickLabel(store: PoolStore, filters: FilterController): Promise<void> {
  const pools = store.snapshot?.pools ?? [];
  const stats = labelStats(pools);
  const qp = vscode.window.createQuickPick<LabelItem>();
  qp.title = vscode.l10n.t('Filter by Label');
  qp.placeholder = vscode.l10n.t('Label selector, e.g. os.modelarts/sharing=shared, key!=v, key, !key, key in (a,b); comma for AND');
  qp.value = filters.current.labelSelector ?? '';
  const render = (): void => {
    const text = qp.value;
    const state = labelInput(pools, text, 30, stats);
    const first: LabelItem =
      text.trim() === ''
        ? { label: '', description: vscode.l10n.t('No label filter: every pool'), iconPath: new vscode.ThemeIcon('clear-all'), selector: '', alwaysShow: true }
        : state.ok
          ? {
              label: untrustedText(text, SELECTOR_SHOWN_MAX),
              description:
                state.matches === 1
                  ? vscode.l10n.t('Apply · {0} matches', poolCount(1))
                  : vscode.l10n.t('Apply · {0} match', poolCount(state.matches ?? 0)),
              iconPath: new vscode.ThemeIcon('filter'),
              selector: text,
              alwaysShow: true,
            }
          : {
              label: untrustedText(text, SELECTOR_SHOWN_MAX),
              description: untrustedText(state.error?.message ?? vscode.l10n.t('Invalid label selector'), SELECTOR_SHOWN_MAX),
              detail: markOffset(text, state.error?.offset ?? 0, inertKeepingEdges),
              iconPath: new vscode.ThemeIcon('error'),
              alwaysShow: true,
            };
    const items: LabelItem[] = [first];
    if (state.suggestions.length > 0) items.push({ label: vscode.l10n.t('Labels in the data'), kind: vscode.QuickPickItemKind.Separator });
    for (const s of state.suggestions) {
      items.push({ label: untrustedText(s.selector), description: poolCount(s.matches), selector: s.selector, alwaysShow: true });
    }
    if (pools.length > 0 && stats.length === 0) {
      items.push({ label: vscode.l10n.t('No labels in the data'), kind: vscode.QuickPickItemKind.Separator });
    }
    qp.items = items;
    qp.activeItems = [first];
  };
  render();
  qp.onDidChangeValue(render);
  // An invalid selector has no `selector`: the pick stays open and shows what is wrong.
  const selector = await runQuickPick(qp, () => (qp.activeItems[0] ?? qp.selectedItems[0])?.selector);
  if (selector === undefined) return;
  if (!parseSelector(selector).ok) return; // never apply what does not parse
  await filters.update({ labelSelector: selector.trim() === '' ? undefined : selector.trim() });
}

/** The name box: filters as you type; Enter keeps it, Escape puts back the name filter it started with. */
async function askName(store: PoolStore, filters: FilterController): Promise<void> {
  const before = filters.current.name;
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('Filter by Name');
  box.placeholder = vscode.l10n.t('Part of a pool name or ID, any case');
  box.prompt = vscode.l10n.t('The tree follows as you type. Enter keeps the filter, Escape puts back the previous one.');
  box.value = before ?? '';
  const applyNow = async (): Promise<void> => {
    const value = box.value;
    await filters.update({ name: value.trim() === '' ? undefined : value });
    const snapshot = store.snapshot;
    if (!snapshot) return;
    const outcome = filters.outcomeFor(snapshot);
    box.validationMessage =
      outcome.hidesEverything
        ? { message: vscode.l10n.t('No pool matches (of {0}).', poolCount(outcome.total)), severity: vscode.InputBoxValidationSeverity.Warning }
        : value.trim() === ''
          ? undefined
          : { message: vscode.l10n.t('{0} of {1} match.', outcome.shownCount, poolCount(outcome.total)), severity: vscode.InputBoxValidationSeverity.Info };
  };
  showTracked(box);
  const done = new Promise<void>((resolve) => {
    let accepted = false;
    // Filtering costs less than a frame even on 10,000 pools (npm run bench): no typing delay.
    box.onDidChangeValue(() => void applyNow());
    box.onDidAccept(async () => {
      accepted = true;
      await applyNow();
      box.hide();
    });
    box.onDidHide(async () => {
      if (!accepted) await filters.update({ name: before });
      box.dispose();
      resolve();
    });
  });
  await done;
}
