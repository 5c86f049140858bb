/**
 * Control characters (ESC starts terminal sequences that clear the screen or retitle the window) and
 * bidirectional overrides (which reorder what is shown), as visible escapes; newlines and tabs stay.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function inertText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const ANY_UNSAFE = new RegExp(UNSAFE.source);

export function hasUnsafeText(text: string): boolean {
  return ANY_UNSAFE.test(text);
}

/**
 * A value with every string made inert, for outputs a person reads (HTML, Markdown, CSV, the terminal);
 * untouched parts are shared, so a document with nothing to escape costs one walk.
 */
export function inertValues<T>(value: T): T {
  if (typeof value === 'string') return (hasUnsafeText(value) ? inertText(value) : value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const n = inertValues(v);
      if (n !== v) changed = true;
      return n;
    });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = inertValues(v);
      if (n !== v) changed = true;
      out[k] = n;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
