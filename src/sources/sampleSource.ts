import * as vscode from 'vscode';
import samplePools from '../samples/pools.json';
import { parsePoolList } from '../modelarts/parse';
import type { PoolSnapshot, SourceDescription } from '../pools/store';
import type { PoolSource, SourceCapabilities } from './source';
import { POOLS_ONLY, snapshotFrom } from './source';

/** The ListPools response bundled with the extension: works with no account. */
export class SampleSource implements PoolSource {
  readonly spec = { kind: 'sample' } as const;
  readonly capabilities: SourceCapabilities = POOLS_ONLY;
  readonly description: SourceDescription = {
    kind: 'sample',
    label: vscode.l10n.t('Sample pools'),
    detail: vscode.l10n.t('Sample data bundled with the extension; no cloud account needed.'),
  };

  async load(): Promise<PoolSnapshot> {
    // A fresh deep copy each load, so nothing downstream can alter the bundled data.
    const body: unknown = structuredClone(samplePools);
    return snapshotFrom(this.description, parsePoolList(body, vscode.l10n.t('The sample pools')));
  }

  dispose(): void {}
}
