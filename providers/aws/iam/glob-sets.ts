/**
 * Exact set reasoning over AWS wildcard patterns (`*` any run, `?` one character), so that questions
 * like "does some subnet ARN match this Allow and none of these Denies?" are answered, not sampled.
 * Each pattern gets a deterministic automaton, built lazily and shared by every question; a question
 * is answered by a breadth-first walk over the product of the automata involved.
 */

/** One token of a pattern: a literal character, `?`, `*`, or a run without `:` (an ARN segment). */
type Token = { t: 'c'; c: string } | { t: 'one' } | { t: 'star' } | { t: 'seg' };

/** A pattern with its lazily built DFA (states are sets of token positions). */
export interface Glob {
  readonly source: string;
  readonly tokens: readonly Token[];
  /** Position sets by DFA state id; state 0 is the start, state 1 the dead state. */
  readonly states: number[][];
  readonly ids: Map<string, number>;
  /** Per state: next state by character. */
  readonly moves: Map<string, number>[];
  readonly accepting: boolean[];
}

/** In ARN formats, stands for one segment: any run of characters without `:`. */
export const SEGMENT = '\u0001';

/** Stands for every character that no pattern in a question mentions. */
const OTHER = '\u2400';

const compiled = new Map<string, Glob>();

/** Compiles a pattern; `SEGMENT` characters stand for one ARN segment (no `:`). */
export function glob(source: string): Glob {
  let g = compiled.get(source);
  if (!g) {
    const tokens: Token[] = [];
    for (const ch of source) {
      if (ch === '*') tokens.push({ t: 'star' });
      else if (ch === '?') tokens.push({ t: 'one' });
      else if (ch === SEGMENT) tokens.push({ t: 'seg' });
      else tokens.push({ t: 'c', c: ch });
    }
    const made: Glob = { source, tokens, states: [], ids: new Map(), moves: [], accepting: [] };
    stateOf(made, closure(made, [0]));
    stateOf(made, []);
    compiled.set(source, made);
    g = made;
  }
  return g;
}

function closure(g: Glob, positions: Iterable<number>): number[] {
  const out = new Set<number>();
  for (let p of positions) {
    out.add(p);
    while (p < g.tokens.length) {
      const t = g.tokens[p];
      if (t?.t !== 'star' && t?.t !== 'seg') break;
      p += 1;
      out.add(p);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function stateOf(g: Glob, positions: number[]): number {
  const key = positions.join(',');
  let id = g.ids.get(key);
  if (id === undefined) {
    id = g.states.length;
    g.ids.set(key, id);
    g.states.push(positions);
    g.moves.push(new Map());
    g.accepting.push(positions.includes(g.tokens.length));
  }
  return id;
}

function move(g: Glob, state: number, ch: string): number {
  const table = g.moves[state] as Map<string, number>;
  let to = table.get(ch);
  if (to === undefined) {
    const next: number[] = [];
    for (const p of g.states[state] as number[]) {
      const t = g.tokens[p];
      if (!t) continue;
      if (t.t === 'c') {
        if (t.c === ch) next.push(p + 1);
      } else if (t.t === 'one') next.push(p + 1);
      else if (t.t === 'star') next.push(p);
      else if (ch !== ':') next.push(p);
    }
    to = stateOf(g, closure(g, next));
    table.set(ch, to);
  }
  return to;
}

/** A union of patterns; `negated` turns it into its complement. */
export interface Atom {
  globs: readonly Glob[];
  negated?: boolean;
}

function alphabet(atoms: readonly Atom[]): string[] {
  const chars = new Set<string>([':', OTHER]);
  for (const a of atoms) for (const g of a.globs) for (const t of g.tokens) if (t.t === 'c') chars.add(t.c);
  return [...chars];
}

/** Walks were cut off at this many product states; none of AWS's own patterns come near it. */
export const STATE_LIMIT = 50_000;

export class GlobLimitError extends Error {}

/**
 * Whether some string makes `accept` true, given for each atom whether the string is in it.
 * Exact for these pattern languages; throws GlobLimitError on pathological inputs.
 */
export function exists(atoms: readonly Atom[], accept: (inAtom: readonly boolean[]) => boolean): boolean {
  const chars = alphabet(atoms);
  const globs = atoms.flatMap((a) => a.globs);
  const owner = atoms.flatMap((a, i) => a.globs.map(() => i));
  const width = globs.length;
  const inAtom: boolean[] = atoms.map(() => false);
  const test = (state: Int32Array): boolean => {
    for (let i = 0; i < atoms.length; i++) inAtom[i] = false;
    for (let j = 0; j < width; j++)
      if ((globs[j] as Glob).accepting[state[j] as number]) inAtom[owner[j] as number] = true;
    for (let i = 0; i < atoms.length; i++) if (atoms[i]?.negated) inAtom[i] = !inAtom[i];
    return accept(inAtom);
  };
  const start = new Int32Array(width);
  const seen = new Set<string>([start.join(',')]);
  const queue: Int32Array[] = [start];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as Int32Array;
    if (test(state)) return true;
    for (const ch of chars) {
      const next = new Int32Array(width);
      for (let j = 0; j < width; j++) next[j] = move(globs[j] as Glob, state[j] as number, ch);
      const k = next.join(',');
      if (seen.has(k)) continue;
      seen.add(k);
      if (seen.size > STATE_LIMIT) throw new GlobLimitError(`pattern product exceeded ${STATE_LIMIT} states`);
      queue.push(next);
    }
  }
  return false;
}

const pairCache = new Map<string, boolean>();

/** Whether some string matches both patterns. */
export function intersects(a: string, b: string): boolean {
  const k = `i\u0000${a}\u0000${b}`;
  let r = pairCache.get(k);
  if (r === undefined) {
    r = exists([{ globs: [glob(a)] }, { globs: [glob(b)] }], ([x, y]) => Boolean(x && y));
    pairCache.set(k, r);
  }
  return r;
}

/** Whether every string matching `inner` also matches `outer`. */
export function covers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  const k = `c\u0000${outer}\u0000${inner}`;
  let r = pairCache.get(k);
  if (r === undefined) {
    r = !exists([{ globs: [glob(inner)] }, { globs: [glob(outer)] }], ([x, y]) => Boolean(x && !y));
    pairCache.set(k, r);
  }
  return r;
}

const regexCache = new Map<string, RegExp>();

/** A concrete string against a pattern (`*`, `?`; case-sensitive unless `ignoreCase`). */
export function matches(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  const k = ignoreCase ? `i${pattern}` : `s${pattern}`;
  let re = regexCache.get(k);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')
      .replace(new RegExp(SEGMENT, 'g'), '[^:]*');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    regexCache.set(k, re);
  }
  return re.test(value);
}
