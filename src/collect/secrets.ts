/**
 * Secrets a run holds (keys, session tokens, bearer tokens): removed from anything written. Each cloud
 * adds the patterns its services echo back (a signature error quoting the canonical request).
 */
export class SecretScrubber {
  private readonly secrets = new Set<string>();
  private readonly patterns: readonly [RegExp, string][];

  constructor(patterns: readonly [RegExp, string][] = []) {
    this.patterns = [[/(Bearer\s+)[\w.~+/=-]+/gi, '$1[redacted]'], ...patterns];
  }

  add(...values: (string | undefined)[]): void {
    for (const v of values) if (v && v.length >= 8) this.secrets.add(v);
  }

  scrub(text: string): string {
    let out = text;
    for (const [pattern, replacement] of this.patterns) out = out.replace(pattern, replacement);
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    return out;
  }
}
