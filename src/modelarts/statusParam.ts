/**
 * How the ListPools `status` query parameter (created / failed / creating)
 * relates to a pool's `status.phase`.
 *
 * The contract only says "created: the resource pool is successfully created;
 * failed: the resource pool failed; creating: the resource pool is being
 * created". This mapping is our reading of it, used by the local ModelArts
 * server and by anything that filters locally the way the server does:
 *
 * | status     | phases                                       | why                                                        |
 * |------------|----------------------------------------------|------------------------------------------------------------|
 * | `created`  | Running, Abnormal, ScalingFailed, Deleting   | the pool was created and exists, whatever its health now   |
 * | `failed`   | CreationFailed, Error                        | the pool never came up or is broken as a whole             |
 * | `creating` | Creating, Waiting                            | creation has not finished (Waiting: queued for resources)  |
 *
 * Every documented phase is in exactly one group. An unknown phase, or a pool
 * without a phase, matches none of the three (it is still listed when no
 * status is asked for).
 */
import { LIST_POOLS_STATUS_PARAMS, type ListPoolsStatusParam, type PoolPhase } from './types';

export const STATUS_PARAM_PHASES: Readonly<Record<ListPoolsStatusParam, readonly PoolPhase[]>> = {
  created: ['Running', 'Abnormal', 'ScalingFailed', 'Deleting'],
  failed: ['CreationFailed', 'Error'],
  creating: ['Creating', 'Waiting'],
};

const PHASE_TO_PARAM: ReadonlyMap<string, ListPoolsStatusParam> = new Map(
  LIST_POOLS_STATUS_PARAMS.flatMap((param) => STATUS_PARAM_PHASES[param].map((phase) => [phase, param] as const)),
);

/** Whether a value is one of the accepted `status` query values. */
export function isListPoolsStatusParam(value: unknown): value is ListPoolsStatusParam {
  return typeof value === 'string' && (LIST_POOLS_STATUS_PARAMS as readonly string[]).includes(value);
}

/** The `status` query value a phase falls under; undefined for unknown or missing phases. */
export function statusParamForPhase(phase: unknown): ListPoolsStatusParam | undefined {
  return typeof phase === 'string' ? PHASE_TO_PARAM.get(phase) : undefined;
}

/** Whether a pool with this phase is listed for `status=<param>`. */
export function phaseMatchesStatusParam(phase: unknown, param: ListPoolsStatusParam): boolean {
  return statusParamForPhase(phase) === param;
}
