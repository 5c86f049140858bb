import { InvalidArgumentError } from 'commander';
import { defaultFormats, type Format, formats } from '../../reports/formats.js';
import { type Severity, severities } from '../model/levels.js';

export function parseNow(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError(`"${value}" is not an ISO 8601 time, e.g. 2026-11-27T00:00:00Z`);
  return date;
}

export function parseSeverity(value: string): Severity {
  if (!(severities as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${severities.join(', ')}`);
  return value as Severity;
}

/** `--fail-on`: a severity (any failing finding) and/or `new:SEVERITY` (only new or regressed ones); repeatable. */
export interface FailOn {
  severity?: Severity;
  newSeverity?: Severity;
}

export function parseFailOn(value: string, previous: FailOn = {}): FailOn {
  const fresh = /^new:(.*)$/.exec(value);
  if (fresh) return { ...previous, newSeverity: parseSeverity(fresh[1] ?? '') };
  return { ...previous, severity: parseSeverity(value) };
}

export function parseFormats(value: string): Format[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((f) => !(formats as readonly string[]).includes(f));
  if (bad.length)
    throw new InvalidArgumentError(
      `unknown format ${bad.join(', ')}; expected a comma list of ${formats.join(', ')}`,
    );
  return list as Format[];
}

export { defaultFormats };
