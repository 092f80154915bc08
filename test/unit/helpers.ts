import type { Pool } from '../../src/modelarts/types';

/** A minimal pool with a name, an optional parent and phase, and any overrides. */
export function pool(name: string, opts: { parent?: string; root?: string; phase?: string; label?: string } = {}): Pool {
  return {
    kind: 'Pool',
    apiVersion: 'v2',
    metadata: { name, labels: opts.label ? { 'os.modelarts/name': opts.label } : {} },
    spec: { type: opts.parent ? 'Logical' : 'Dedicate' },
    status: {
      ...(opts.phase !== undefined ? { phase: opts.phase } : { phase: 'Running' }),
      ...(opts.parent !== undefined ? { parent: opts.parent } : {}),
      root: opts.root ?? name,
    },
  };
}
