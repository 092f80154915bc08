/**
 * Pool arguments of commands (details, JSON, copy, children). Plain module.
 */

/**
 * The pool name in a command argument: a name, a tree node with `poolName`,
 * or a pool object with `metadata.name`. Undefined means "ask".
 */
export function poolNameArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() === '' ? undefined : arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as { poolName?: unknown; metadata?: unknown };
  if (typeof node.poolName === 'string' && node.poolName !== '') return node.poolName;
  const metadata = node.metadata as { name?: unknown } | undefined;
  if (typeof metadata === 'object' && metadata !== null && typeof metadata.name === 'string' && metadata.name !== '') {
    return metadata.name;
  }
  return undefined;
}
