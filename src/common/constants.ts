/**
 * Every command ID, view ID, context key and setting key the extension uses,
 * in one place. test/unit/manifest.test.ts checks them against package.json.
 */

export const EXTENSION_ID = 'modelarts-pools.modelarts-pools';

/** Environment switch set by the extension-host test runner: activate() then returns its internals. */
export const TEST_API_ENV = 'MODELARTS_TEST_API';

export const VIEW_CONTAINER_ID = 'modelarts';
export const VIEW_ID = 'modelarts.pools';

export const Commands = {
  refresh: 'modelarts.refresh',
  openSamplePools: 'modelarts.openSamplePools',
  openFile: 'modelarts.openFile',
  connect: 'modelarts.connect',
  copyPoolName: 'modelarts.copyPoolName',
  copyPoolId: 'modelarts.copyPoolId',
  showPoolDetails: 'modelarts.showPoolDetails',
  openPoolJson: 'modelarts.openPoolJson',
  keepDetailsOpen: 'modelarts.keepDetailsOpen',
  configureCredentials: 'modelarts.configureCredentials',
  clearCredentials: 'modelarts.clearCredentials',
  filterByStatus: 'modelarts.filterByStatus',
  filterByLabel: 'modelarts.filterByLabel',
  filterByName: 'modelarts.filterByName',
  clearFilters: 'modelarts.clearFilters',
  showChildren: 'modelarts.showChildren',
  showLog: 'modelarts.showLog',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Setting keys, relative to the `modelarts` section. */
export const CONFIG_SECTION = 'modelarts';
export const Settings = {
  region: 'region',
  endpoint: 'endpoint',
  iamEndpoint: 'iamEndpoint',
  projectId: 'projectId',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  maxResponseMegabytes: 'maxResponseMegabytes',
  workspaceId: 'workspaceId',
  autoRefreshSeconds: 'autoRefreshSeconds',
  notifyOnFailure: 'notifyOnFailure',
} as const;
export type SettingKey = (typeof Settings)[keyof typeof Settings];

/**
 * Settings that decide where your keys go, or how much an answer may take:
 * `"scope": "machine"` in package.json, so VS Code reads them from the user
 * settings only and ignores a workspace's value (src/common/settings.ts
 * reads them from there too, and tells when a workspace sets them).
 */
export const MACHINE_SETTING_KEYS: readonly SettingKey[] = [Settings.endpoint, Settings.iamEndpoint, Settings.projectId, Settings.maxResponseMegabytes];

/** Context keys set with `setContext`, used in package.json `when` clauses. */
export const ContextKeys = {
  /** A source (sample, file or live) is selected. */
  hasSource: 'modelarts.hasSource',
  /** Any filter is active. */
  filtered: 'modelarts.filtered',
  /** The active editor is the pool details preview panel. */
  detailsPreview: 'modelarts.detailsPreview',
} as const;

/** contextValue tokens on tree items, matched with `viewItem =~ /\btoken\b/`. */
export const ItemTokens = {
  pool: 'pool',
  hasChildren: 'hasChildren',
  context: 'filterContext',
  error: 'error',
  retry: 'retry',
  orphan: 'orphan',
  /** An error that configuring credentials can mend. */
  auth: 'auth',
} as const;

/** Keys in ExtensionContext.workspaceState. */
export const StateKeys = {
  source: 'modelarts.source',
  filter: 'modelarts.filter',
} as const;

/** URI scheme of the read-only pool JSON documents. */
export const POOL_JSON_SCHEME = 'modelarts-pool';
