import type { FindingsDocument } from '../../src/model/findings-document.js';

/**
 * A findings document without what differs between two collections of the same estate: when files were collected,
 * when the report was made, where the bundle lay and its manifest's hash. Every file hash and finding stays.
 */
export function comparable(doc: FindingsDocument): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== 'collectedAt')
          .map(([k, v]) => [k, strip(v)]),
      );
    return value;
  };
  const { generatedAt: _g, evidence: _e, inputs, ...rest } = doc;
  const { evidence: _where, manifest, ...read } = inputs;
  const { sha256: _s, ...checked } = manifest;
  return strip({ ...rest, inputs: { ...read, manifest: checked } });
}
