/**
 * Types of the ListPools response (GET /v2/{project_id}/pools), one per table
 * of the API contract (shared seed ListPools.rst). Every field is optional
 * except `metadata.name`: the parser drops what is missing or wrong-typed and
 * keeps the rest, so consumers must handle absence.
 */

/** Table 2: query parameters of ListPools. */
export interface ListPoolsQuery {
  /** Workspace ID; the API's default is "0". */
  workspaceId?: string;
  /** Kubernetes-style label selector, e.g. `os.modelarts/sharing=shared`. */
  labelSelector?: string;
  /** Server-side status filter. */
  status?: ListPoolsStatusParam;
  /** Name of the parent pool: lists its direct children. */
  parent?: string;
}

/** The values the API accepts for the `status` query parameter. */
export const LIST_POOLS_STATUS_PARAMS = ['created', 'failed', 'creating'] as const;
export type ListPoolsStatusParam = (typeof LIST_POOLS_STATUS_PARAMS)[number];

/** Table 3: response body. */
export interface PoolList {
  apiVersion?: string;
  kind?: string;
  items: Pool[];
}

/** Table 4. */
export interface Pool {
  apiVersion?: string;
  kind?: string;
  metadata: PoolMetadata;
  spec?: PoolSpec;
  status?: PoolStatus;
}

/** Table 5. */
export interface PoolMetadata {
  /** Generated pool name, equivalent to the pool ID. Always present after parsing. */
  name: string;
  creationTimestamp?: string;
  labels?: PoolMetaLabels;
  annotations?: PoolMetaAnnotations;
}

/** Table 6: well-known labels; any other string label is kept too. */
export interface PoolMetaLabels {
  'os.modelarts/workspace.id'?: string;
  'os.modelarts/name'?: string;
  'os.modelarts/resource.id'?: string;
  'os.modelarts/tenant.domain.id'?: string;
  'os.modelarts/create-from'?: string;
  'os.modelarts.pool/biz'?: string;
  'os.modelarts/sharing'?: string;
  [key: string]: string | undefined;
}

/** Table 7: well-known annotations; any other string annotation is kept too. */
export interface PoolMetaAnnotations {
  'os.modelarts/description'?: string;
  'os.modelarts/billing.mode'?: string;
  'os.modelarts/flavor.resource.ids'?: string;
  'os.modelarts/tms.tags'?: string;
  'os.modelarts/scheduler.extension'?: string;
  'os.modelarts/volcano.scheduler.cabinet-exclusive.enabled'?: string;
  'os.modelarts.pool/scope.external.dependency.Train'?: string;
  'os.modelarts.pool/scope.external.dependency.Infer'?: string;
  'os.modelarts.pool/scope.external.dependency.Notebook'?: string;
  [key: string]: string | undefined;
}

/** Job types a pool can enable (PoolSpec.scope, PoolScopeStatus.scopeType). */
export type ScopeType = 'Train' | 'Infer' | 'Notebook' | (string & {});

/** Table 8. */
export interface PoolSpec {
  /** "Dedicate" for physical pools; other values may appear (e.g. "Logical"). */
  type?: string;
  scope?: ScopeType[];
  resources?: PoolResource[];
  network?: PoolNetwork;
  containerNetwork?: PoolClusterContainerNetwork;
  kubernetesSvcIpRange?: string;
  masters?: PoolClusterMaster[];
  clusterFlavor?: string;
  driver?: PoolDriver;
}

/** Table 9. */
export interface PoolResource {
  flavor?: string;
  count?: number;
  maxCount?: number;
  azs?: PoolNodeAz[];
  tags?: UserTag[];
  extendParams?: PoolResourceExtendParams;
  creatingStep?: CreatingStep;
  rootVolume?: RootVolume;
  dataVolumes?: DataVolumeItem[];
  volumeGroupConfigs?: VolumeGroupConfig[];
}

/** Table 10. */
export interface UserTag {
  key?: string;
  value?: string;
}

/** Table 11. */
export interface PoolResourceExtendParams {
  dockerBaseSize?: string;
  /** Base64-encoded post-installation script. */
  postInstall?: string;
}

/** Disk types of root and data volumes. */
export type VolumeType = 'SSD' | 'GPSSD' | 'SAS' | (string & {});

/** Table 12. */
export interface RootVolume {
  volumeType?: VolumeType;
  /** Size in GiB, as a string. */
  size?: string;
}

/** Table 13. */
export interface DataVolumeItem {
  volumeType?: VolumeType;
  /** Size in GiB, as a string. */
  size?: string;
  count?: number;
  extendParams?: VolumeExtendParams;
}

/** Table 14. */
export interface VolumeExtendParams {
  /** vgpaas, default, or vguser{num}. */
  volumeGroup?: string;
}

/** Table 15. */
export interface VolumeGroupConfig {
  volumeGroup?: string;
  dockerThinPool?: number;
  lvmConfig?: LvmConfig;
  /** "volume" or "local". */
  types?: string[];
}

/** Table 16. */
export interface LvmConfig {
  /** "linear" or "striped". */
  lvType?: string;
  path?: string;
}

/** Table 17. */
export interface PoolNetwork {
  name?: string;
}

/** Table 18. */
export interface PoolClusterContainerNetwork {
  /** overlay_l2, vpc-router or eni. */
  mode?: string;
  cidr?: string;
}

/** Table 19. */
export interface PoolClusterMaster {
  az?: string;
}

/** Table 20. */
export interface PoolDriver {
  gpuVersion?: string;
  npuVersion?: string;
  /** "force" or "idle". */
  updateStrategy?: string;
}

/** The phases the API documents for PoolStatus.phase. */
export const POOL_PHASES = [
  'Creating',
  'Running',
  'Abnormal',
  'Deleting',
  'Error',
  'CreationFailed',
  'ScalingFailed',
  'Waiting',
] as const;
export type PoolPhase = (typeof POOL_PHASES)[number];

/** Table 21. */
export interface PoolStatus {
  /** One of POOL_PHASES in a well-formed response; anything else is kept as is. */
  phase?: string;
  message?: string;
  resources?: PoolResourceStatus;
  scope?: PoolScopeStatus[];
  driver?: PoolDriverListStatus;
  /** Name of the parent pool; blank for physical pools. */
  parent?: string;
  /** Name of the root pool; a physical pool's own name. */
  root?: string;
}

/** Table 22: node counts per flavor in each state. */
export interface PoolResourceStatus {
  creating?: PoolResourceFlavorCount[];
  available?: PoolResourceFlavorCount[];
  abnormal?: PoolResourceFlavorCount[];
  deleting?: PoolResourceFlavorCount[];
}

export const RESOURCE_STATES = ['creating', 'available', 'abnormal', 'deleting'] as const;
export type ResourceState = (typeof RESOURCE_STATES)[number];

/** Table 23. */
export interface PoolResourceFlavorCount {
  flavor?: string;
  count?: number;
  maxCount?: number;
  azs?: PoolNodeAz[];
  creatingStep?: CreatingStep;
}

/** Table 24. */
export interface PoolNodeAz {
  az?: string;
  count?: number;
}

/** Table 25. */
export interface CreatingStep {
  step?: number;
  /** "rack" or "hyperinstance". */
  type?: string;
}

/** Table 26. */
export interface PoolScopeStatus {
  scopeType?: ScopeType;
  /** Enabling, Enabled, EnableFailed, Disabling or Disabled. */
  state?: string;
  plugins?: PoolScopePluginPhase[];
  message?: string;
}

/** Table 27. */
export interface PoolScopePluginPhase {
  name?: string;
  /** Pending, Running, Updating, Abnormal or Deleting. */
  phase?: string;
}

/** Table 28. */
export interface PoolDriverListStatus {
  gpu?: PoolDriverStatus;
  npu?: PoolDriverStatus;
}

/** Table 29. */
export interface PoolDriverStatus {
  version?: string;
  /** Creating, Upgrading, Running or Abnormal. */
  state?: string;
}

/** Well-known label keys. */
export const LABEL_DISPLAY_NAME = 'os.modelarts/name';
export const LABEL_WORKSPACE_ID = 'os.modelarts/workspace.id';
export const ANNOTATION_DESCRIPTION = 'os.modelarts/description';

// ---- ListPoolNodes (GET /v2/{project_id}/pools/{pool_name}/nodes) ----------
// One type per table of obtaining_nodes_in_a_resource_pool.rst, with the
// additions of Huawei Cloud's SDK models (phase Checking, spec.os, the
// huawei.com/ascend-* resources, the node pool and elastic quota labels).
// As for pools, every field is optional except `metadata.name`, and any other
// string label, annotation or resource is kept.

/** Table 2: query parameters of ListPoolNodes. */
export interface ListPoolNodesQuery {
  /** Nodes per page; the API's maximum is 500. */
  limit?: number;
  /** The `metadata.continue` of the previous page. */
  continue?: string;
}

/** Table 3: response body. */
export interface NodeList {
  apiVersion?: string;
  kind?: string;
  metadata?: NodeListMetadata;
  items: ResourceNode[];
}

/** Table 4. */
export interface NodeListMetadata {
  /** Where the next page starts; absent or empty on the last page. */
  continue?: string;
  /** Nodes after this page, when the server says. */
  remainingItemCount?: number;
}

/** Table 5: a node of a resource pool (named so as not to clash with PoolNode, a pool in the grouping). */
export interface ResourceNode {
  apiVersion?: string;
  kind?: string;
  metadata: NodeMetadata;
  spec?: NodeSpec;
  status?: NodeStatus;
}

/** Table 6. */
export interface NodeMetadata {
  /** Node name. Always present after parsing. */
  name: string;
  creationTimestamp?: string;
  labels?: NodeLabels;
  annotations?: NodeAnnotations;
}

/** Table 7, with the SDK's node pool and elastic quota labels; any other string label is kept too. */
export interface NodeLabels {
  'os.modelarts.node/cluster'?: string;
  'os.modelarts.node/batch.uid'?: string;
  'os.modelarts.node/batch.name'?: string;
  'os.modelarts.node/volcano.scheduler.cabinet-exclusive'?: string;
  /** IP addresses of the TOR switches, separated by hyphens. */
  'cce.kubectl.kubernetes.io/cabinet'?: string;
  'os.modelarts.node/nodepool'?: string;
  /** The node's logical pool (elastic quota); the SDK's key. */
  'os.modelarts.node/elastic.quota'?: string;
  /** The key the issue names; kept as well. */
  'os.modelarts/elastic.quota'?: string;
  [key: string]: string | undefined;
}

/** Table 8; any other string annotation is kept too. */
export interface NodeAnnotations {
  /** Bits 0–15 from the right; 1 = the NPU card is occupied. */
  'os.modelarts/npu-topology-placement'?: string;
  'os.modelarts.node/drain'?: string;
  [key: string]: string | undefined;
}

/** Table 9, with the SDK's `os`. */
export interface NodeSpec {
  flavor?: string;
  hostNetwork?: NodeNetwork;
  /** Operating system (SDK addition). */
  os?: NodeOs;
}

/** The SDK's node operating system. */
export interface NodeOs {
  name?: string;
  imageId?: string;
  imageType?: string;
}

/** Table 10. */
export interface NodeNetwork {
  vpc?: string;
  subnet?: string;
  securityGroups?: string[];
}

/** The phases the API (and the SDK's Checking) documents for NodeStatus.phase. */
export const NODE_PHASES = ['Available', 'Creating', 'Deleting', 'Abnormal', 'Checking'] as const;
export type NodePhase = (typeof NODE_PHASES)[number];

/** Table 11. */
export interface NodeStatus {
  /** One of NODE_PHASES in a well-formed response; anything else is kept as is. */
  phase?: string;
  az?: string;
  privateIp?: string;
  resources?: NodeResource;
  availableResources?: NodeResource;
  taints?: Taint[];
}

/**
 * Table 12: quantities as Kubernetes strings ("3920m", "6270Mi", "8"); the
 * SDK adds `huawei.com/ascend-snt3`, `huawei.com/ascend-snt9` and others, so
 * any string-valued key is kept.
 */
export interface NodeResource {
  cpu?: string;
  memory?: string;
  'nvidia.com/gpu'?: string;
  'huawei.com/ascend-snt3'?: string;
  'huawei.com/ascend-snt9'?: string;
  [key: string]: string | undefined;
}

/** Table 13. */
export interface Taint {
  key?: string;
  value?: string;
  /** NoSchedule, PreferNoSchedule or NoExecute. */
  effect?: string;
  timeAdded?: string;
}

/** Well-known node label and annotation keys. */
export const NODE_LABEL_NODEPOOL = 'os.modelarts.node/nodepool';
export const NODE_LABEL_CLUSTER = 'os.modelarts.node/cluster';
export const NODE_LABEL_BATCH_NAME = 'os.modelarts.node/batch.name';
export const NODE_LABEL_CABINET = 'cce.kubectl.kubernetes.io/cabinet';
export const NODE_ANNOTATION_NPU_PLACEMENT = 'os.modelarts/npu-topology-placement';
export const NODE_ANNOTATION_DRAIN = 'os.modelarts.node/drain';
