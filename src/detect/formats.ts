import { adapters } from '../../providers/index.js';
import type { TelemetryReader } from './reader.js';

/** Every registered cloud's telemetry formats, in registry order: the first whose sniff accepts a file's head reads it. */
export function telemetryReaders(): TelemetryReader[] {
  return adapters().flatMap((a) => a.telemetryReaders);
}

/** The reader a task names: format plus phase, since one format can be read in either phase. */
export function readerFor(format: string, phase?: 1 | 2): TelemetryReader | undefined {
  return telemetryReaders().find((r) => r.format === format && (phase === undefined || r.phase === phase));
}

/** The reader for a file, told by the first 64 KiB of its (decompressed) content. */
export function sniffFormat(head: string): TelemetryReader | undefined {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const trimmed = text.trimStart();
  if (trimmed === '') return undefined;
  const json = trimmed.startsWith('{') || trimmed.startsWith('[');
  return telemetryReaders().find((r) => (r.kind === 'json') === json && r.sniff(text));
}
