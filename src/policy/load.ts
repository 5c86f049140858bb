import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { RigsightError } from '../errors.js';
import { policiesDir } from '../package-info.js';
import { type Policy, policySchema } from './schema.js';

export interface PolicyProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** A policy that cannot be used; carries every problem found, each with file, line and column. */
export class PolicyError extends RigsightError {
  readonly problems: PolicyProblem[];
  constructor(problems: PolicyProblem[]) {
    super('RS_POLICY', problems.map(formatProblem).join('\n'));
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

export function formatProblem(p: PolicyProblem): string {
  const at = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  return `${at}: ${p.message}`;
}

export interface LoadedPolicy {
  policy: Policy;
  /** The user's file, or `default`. */
  source: string;
  sha256: string;
  /** Folder that relative paths in `intel.extra` resolve against. */
  baseDir: string;
}

export const defaultPolicyFile = join(policiesDir, 'default.yaml');

interface ParsedYaml {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
  problems: PolicyProblem[];
}

function parseYaml(file: string, text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: PolicyProblem[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return { file, line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.code };
  });
  if (problems.length) return { file, doc, lines, data: undefined, problems };
  try {
    // A policy is small: a few aliases at most. Many is an alias bomb that would expand without end.
    return { file, doc, lines, data: doc.toJS({ maxAliasCount: 100 }), problems };
  } catch (err) {
    return {
      file,
      doc,
      lines,
      data: undefined,
      problems: [{ file, message: `the YAML cannot be expanded: ${(err as Error).message}` }],
    };
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; lists and scalars replace. */
export function overlay(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = overlay(base[k], v);
  return out;
}

/** Line and column of the YAML node at `path`, or of the offending key for unknown keys. */
function locate(parsed: ParsedYaml, issue: z.core.$ZodIssue): { line?: number; column?: number } {
  const path = issue.path as (string | number)[];
  let node = path.length ? parsed.doc.getIn(path, true) : parsed.doc.contents;
  if (issue.code === 'unrecognized_keys' && isMap(node)) {
    const key = issue.keys[0];
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) node = pair.key;
  }
  // Walk back up to the nearest ancestor the user actually wrote.
  for (let depth = path.length; !node && depth > 0; depth--)
    node = parsed.doc.getIn(path.slice(0, depth - 1), true);
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  if (!range) return {};
  const pos = parsed.lines.linePos(range[0]);
  return { line: pos.line, column: pos.col };
}

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') return `unknown key "${issue.keys.join('", "')}" in ${where}`;
  return `${where}: ${issue.message}`;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new PolicyError([{ file, message: `cannot read the policy file (${code})` }]);
  }
}

/** Every problem in a policy file: YAML syntax, unknown keys, wrong types. Empty when it is valid. */
export function validatePolicyFile(file: string): PolicyProblem[] {
  try {
    loadPolicy(file);
    return [];
  } catch (err) {
    if (err instanceof PolicyError) return err.problems;
    throw err;
  }
}

/** Loads the default policy, overlaid with `file` when given. Throws PolicyError listing every problem. */
export function loadPolicy(file?: string): LoadedPolicy {
  const defaultText = readText(defaultPolicyFile);
  const defaults = parseYaml(defaultPolicyFile, defaultText);
  if (defaults.problems.length) throw new PolicyError(defaults.problems);
  if (!file) {
    const policy = check(defaults, defaults.data);
    return { policy, source: 'default', sha256: sha256(defaultText), baseDir: policiesDir };
  }
  const path = resolve(file);
  const text = readText(path);
  const user = parseYaml(file, text);
  if (user.problems.length) throw new PolicyError(user.problems);
  if (user.data !== null && user.data !== undefined && !isPlainObject(user.data)) {
    throw new PolicyError([{ file, line: 1, column: 1, message: 'a policy must be a YAML mapping of keys' }]);
  }
  const policy = check(user, overlay(defaults.data, user.data ?? {}));
  return { policy, source: file, sha256: sha256(text), baseDir: dirname(path) };
}

function check(parsed: ParsedYaml, data: unknown): Policy {
  const result = policySchema.safeParse(data);
  if (result.success) return result.data;
  throw new PolicyError(
    result.error.issues.map((issue) => ({
      file: parsed.file,
      ...locate(parsed, issue),
      message: describe(issue),
    })),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
