/** Hand validation for native records: read a field only when it has the expected type. */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** A field by its PascalCase or camelCase name: AWS CLI output and event payloads differ only in case. */
export function pick(o: Obj | undefined, name: string): unknown {
  if (!o) return undefined;
  if (name in o) return o[name];
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  if (camel in o) return o[camel];
  const pascal = name.charAt(0).toUpperCase() + name.slice(1);
  return o[pascal];
}

/** Follows a path of keys (case-tolerant), returning undefined at the first missing step. */
export function path(o: unknown, ...keys: string[]): unknown {
  let cur: unknown = o;
  for (const k of keys) {
    if (!isObj(cur)) return undefined;
    cur = pick(cur, k);
  }
  return cur;
}

/** A string field that some sources wrap as `{value, localizedValue}` (Azure REST shapes). */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return isObj(v) ? str(v.value) : undefined;
}

/** Parses a JSON string embedded in a record (Azure responseBody, lookup-events CloudTrailEvent). */
export function embeddedJson(v: unknown): Obj | undefined {
  if (isObj(v)) return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  try {
    return obj(JSON.parse(v));
  } catch {
    return undefined;
  }
}

/** `[{key, value}]`, `{items: [...]}` or a plain map, to a plain tag map. */
export function tagMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const items = Array.isArray(v) ? v : isObj(v) && Array.isArray(v.items) ? v.items : undefined;
  if (items) {
    for (const t of items) {
      const k = str(pick(obj(t), 'Key'));
      const val = pick(obj(t), 'Value');
      if (k) out[k] = typeof val === 'string' ? val : String(val ?? '');
    }
  } else if (isObj(v)) {
    for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  }
  return out;
}
