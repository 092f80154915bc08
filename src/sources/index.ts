import * as vscode from 'vscode';
import { FileSource } from './fileSource';
import { SampleSource } from './sampleSource';
import type { SourceFactories } from './sourceManager';

export { SourceManager } from './sourceManager';
export type { SourceFactories } from './sourceManager';

/** The sources that need no account: the bundled samples and ListPools JSON files. */
export const localSourceFactories: SourceFactories = {
  sample: () => new SampleSource(),
  file: (spec) => new FileSource(vscode.Uri.parse(spec.uri, true)),
};
export { registerSourceCommands } from './commands';
