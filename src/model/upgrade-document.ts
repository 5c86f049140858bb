import { isObject } from '../text/is-object.js';

/**
 * findings.json of schema 1.x (before creators carried `path`) brought up to the current shape, so `report --in`
 * re-renders old runs: a chain has principals in `via`, an escalation lists its extra actions, the rest is direct.
 */
export function upgradeDocument(value: unknown): unknown {
  if (!isObject(value) || typeof value.schemaVersion !== 'string' || !value.schemaVersion.startsWith('1.'))
    return value;
  const creators = Array.isArray(value.creators) ? value.creators : [];
  return {
    ...value,
    creators: creators.map((c) => {
      if (!isObject(c) || 'path' in c) return c;
      const via = Array.isArray(c.via) ? c.via : [];
      const escalation = Array.isArray(c.escalation) ? c.escalation : [];
      const path = via.length ? 'chain' : escalation.length ? 'escalation' : 'direct';
      const conditions = Array.isArray(c.conditions)
        ? c.conditions.map((k) => (isObject(k) && !('effect' in k) ? { ...k, effect: 'Allow' } : k))
        : undefined;
      return { ...c, path, ...(conditions ? { conditions } : {}) };
    }),
  };
}
