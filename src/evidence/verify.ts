import type { EvidenceBundle } from './bundle.js';

export interface Verification {
  /** True when a manifest is present and every file matches it exactly. */
  ok: boolean;
  manifestPresent: boolean;
  missing: string[];
  extra: string[];
  modified: { path: string; expected: string; actual: string }[];
  /** Manifest unreadable, archive damaged: reasons verification could not complete. */
  problems: string[];
}

/** Compares the bundle against its manifest: every missing, extra or modified file is named. */
export function verifyBundle(bundle: EvidenceBundle): Verification {
  const problems = bundle.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.reason}`);
  const manifest = bundle.manifest;
  if (!manifest) {
    if (!bundle.has('manifest.json'))
      problems.push('manifest.json is missing: the bundle cannot be verified');
    return {
      ok: false,
      manifestPresent: bundle.has('manifest.json'),
      missing: [],
      extra: [],
      modified: [],
      problems,
    };
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  // A skipped entry records a call that was not made: it has no file.
  const missing = manifest.files
    .filter((f) => f.outcome !== 'skipped' && !bundle.has(f.path))
    .map((f) => f.path);
  const extra = bundle.paths().filter((p) => !listed.has(p));
  const modified = manifest.files
    .filter((f) => f.outcome !== 'skipped' && bundle.has(f.path) && bundle.sha256(f.path) !== f.sha256)
    .map((f) => ({ path: f.path, expected: f.sha256, actual: bundle.sha256(f.path) }));
  const ok = missing.length === 0 && extra.length === 0 && modified.length === 0 && problems.length === 0;
  return { ok, manifestPresent: true, missing, extra, modified, problems };
}
