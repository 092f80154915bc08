/** Hostile strings and a pool made of them, shared by the webview safety tests. */

export const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)' x='",
  '<style>body{display:none}</style>',
  'javascript:alert(1)',
  '&lt;img src=x onerror=alert(1)&gt;',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
] as const;

/**
 * A copy of `value` with every string replaced by a hostile one (each also
 * tagged with its path, so that they stay distinct) and a hostile key added to
 * every object that holds only strings (labels, annotations, ...).
 */
export function hostile(value: unknown, path = ''): unknown {
  let n = 0;
  const next = (p: string): string => `${HOSTILE[(n++ + p.length) % HOSTILE.length]}${p}`;
  const walk = (v: unknown, p: string): unknown => {
    if (typeof v === 'string') return next(p);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${p}[${i}]`));
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      const entries = Object.entries(v);
      for (const [k, x] of entries) out[k] = walk(x, `${p}.${k}`);
      if (entries.length > 0 && entries.every(([, x]) => typeof x === 'string')) {
        out[HOSTILE[0]] = HOSTILE[1];
        out[HOSTILE[1]] = HOSTILE[0];
      }
      return out;
    }
    return v;
  };
  return walk(value, path);
}
