import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { IntelMatcher } from '../intel/matcher.js';
import { JsonArraySplitter } from './json-stream.js';
import {
  child,
  type DnsAnswers,
  type ElementReader,
  type JsonReader,
  type LineHandler,
  type Loc,
  ReaderContext,
  type TelemetryReader,
} from './reader.js';
import type { FileDigest } from './signals.js';

const HEAD_BYTES = 64 * 1024;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Frees a chunk's memory now instead of at a later GC, when the chunk is the whole of its buffer: zlib
 * and file streams hand such a buffer over and never touch it again. Without this, gigabytes of read
 * chunks pile up between full GCs (they are memory outside the JS heap).
 */
function release(chunk: Buffer): void {
  const buffer = chunk.buffer as ArrayBuffer;
  // ArrayBuffer#transfer arrived in Node 22; on an older Node the chunk is simply left to the GC.
  if (typeof buffer.transfer !== 'function') return;
  if (chunk.byteOffset === 0 && chunk.length === buffer.byteLength && chunk.length >= 1 << 16)
    buffer.transfer(0);
}

/** gzip is told by its magic bytes (1f 8b), never by the file name. */
export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Plain files are hashed as they are iterated; gzip files on the compressed side of the pipe. */
function open(
  path: string,
  onRaw?: (chunk: Buffer) => void,
  end?: number,
  chunk = 1 << 20,
): { stream: Readable; gzip: boolean; read: Promise<void> } {
  const src = createReadStream(path, { highWaterMark: chunk, ...(end !== undefined ? { end } : {}) });
  // The file's own stream has handed over its last byte (or failed): only then is a hash of it complete.
  const read = new Promise<void>((resolve) => src.once('close', () => resolve()));
  if (!isGzip(path)) return { stream: src, gzip: false, read };
  if (onRaw) src.on('data', (c) => onRaw(c as Buffer));
  // Big output chunks: fewer hand-overs between zlib (off-thread) and the parser.
  const gunzip = createGunzip({ chunkSize: chunk });
  return { stream: pipeline(src, gunzip, () => {}), gzip: true, read };
}

/**
 * A binary file has a NUL in its first line or is full of them; one bad line of NULs inside a log (a torn
 * write) is a bad record, reported at its line by the reader, not a reason to skip the file.
 */
export function looksBinary(bytes: Buffer): boolean {
  const nl = bytes.indexOf(10);
  const first = nl < 0 ? bytes : bytes.subarray(0, nl);
  if (first.includes(0)) return true;
  let nuls = 0;
  for (let i = bytes.indexOf(0); i >= 0; i = bytes.indexOf(0, i + 1)) nuls++;
  return nuls > bytes.length / 20;
}

/** The head as text for sniffing, without lines that hold NULs (they are bad records, read later). */
function textLines(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.includes('\0')
    ? text
        .split('\n')
        .filter((l) => !l.includes('\0'))
        .join('\n')
    : text;
}

/** The first 64 KiB of a file's content (decompressed), for telling its format. */
export async function readHead(path: string): Promise<{
  head: string;
  binary: boolean;
  gzip: boolean;
  archive?: boolean;
  /** The head is the whole (decompressed) file. */
  complete?: boolean;
  error?: string;
}> {
  const chunks: Buffer[] = [];
  let size = 0;
  // A gzip head is read from the first compressed megabyte; truncation there is not an error yet.
  let gzip: boolean;
  try {
    gzip = isGzip(path);
  } catch (err) {
    return { head: '', binary: false, gzip: false, error: (err as Error).message };
  }
  // Small reads and output chunks, so no more is read and inflated than the head needs.
  const { stream } = open(path, undefined, gzip ? 1 << 20 : HEAD_BYTES - 1, 16 * 1024);
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= HEAD_BYTES) break;
    }
  } catch (err) {
    if (!size) return { head: '', binary: false, gzip, error: (err as Error).message };
  } finally {
    stream.destroy();
  }
  const bytes = Buffer.concat(chunks).subarray(0, HEAD_BYTES);
  // A tar archive says `ustar` at byte 257 of its first header.
  const archive = bytes.length > 262 && bytes.toString('latin1', 257, 262) === 'ustar';
  return {
    head: textLines(bytes),
    binary: looksBinary(bytes),
    gzip,
    ...(archive ? { archive } : {}),
    ...(size < HEAD_BYTES - 1 ? { complete: true } : {}),
  };
}

/** Whether a JSON file holds one value per line (NDJSON) rather than one document. */
export function looksLikeNdjson(head: string): boolean {
  const trimmed = head.trimStart();
  if (!trimmed.startsWith('{')) return false;
  const nl = trimmed.indexOf('\n');
  if (nl < 0) return false;
  const first = trimmed.slice(0, nl).trim();
  if (!first.endsWith('}')) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/**
 * Streams one file through its reader: gzip or plain, line by line (text and NDJSON) or as a
 * whole document. Bad lines and a truncated gzip are problems in the digest; the rest is still read.
 */
export async function readTelemetryFile(
  path: string,
  rel: string,
  reader: TelemetryReader,
  intel: IntelMatcher,
  dnsAnswers: DnsAnswers,
  ndjsonFile: boolean,
): Promise<FileDigest> {
  if (reader.kind === 'json' && !ndjsonFile && reader.elements) {
    const streamed = await readElements(path, rel, reader, reader.elements, intel, dnsAnswers);
    if (streamed) return streamed;
  }
  const ctx = new ReaderContext(rel, reader.format, intel, dnsAnswers);
  const hash = createHash('sha256');
  const { stream, gzip, read } = open(path, (c) => hash.update(c));
  const decoder = new StringDecoder('utf8');
  const ndjson = reader.kind === 'json' && ndjsonFile;
  const lineFn: ((text: string, lineNo: number) => void) | undefined =
    reader.kind === 'lines'
      ? undefined
      : ndjson
        ? (text, lineNo) => {
            if (text.trim() === '') return;
            let value: unknown;
            try {
              value = JSON.parse(text);
            } catch (err) {
              ctx.problem(`malformed JSON line: ${(err as Error).message.split('\n')[0]}`, lineNo);
              return;
            }
            reader.readValue(value, { line: lineNo, pointer: '' }, ctx);
          }
        : undefined;
  const handler = reader.kind === 'lines' ? reader.open(ctx) : undefined;
  const onLine = handler ? (t: string, n: number) => handler.line(t, n) : lineFn;
  if (handler?.bytes) return readBytes(stream, gzip, read, hash, handler, ctx);
  const docParts: string[] = [];
  let carry = '';
  let lineNo = 0;
  let failed: string | undefined;
  try {
    for await (const chunk of stream) {
      if (!gzip) hash.update(chunk as Buffer);
      const text = decoder.write(chunk as Buffer);
      release(chunk as Buffer);
      if (!onLine) {
        docParts.push(text);
        continue;
      }
      const buf = carry === '' ? text : carry + text;
      let start = 0;
      let nl = buf.indexOf('\n', start);
      while (nl !== -1) {
        lineNo++;
        const end = nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(buf.slice(start, end), lineNo);
        start = nl + 1;
        nl = buf.indexOf('\n', start);
      }
      carry = start === 0 ? buf : buf.slice(start);
    }
    const rest = decoder.end();
    if (onLine) {
      const last = carry + rest;
      if (last !== '') onLine(last.endsWith('\r') ? last.slice(0, -1) : last, ++lineNo);
    } else docParts.push(rest);
  } catch (err) {
    failed = (err as Error).message;
  }
  if (failed !== undefined) {
    const where = onLine ? ` after line ${lineNo}` : '';
    const kind = /unexpected end|incorrect header|invalid/i.test(failed)
      ? 'gzip stream is truncated or damaged'
      : 'read failed';
    ctx.problem(`${kind} (${failed})${where}; records before it were used`, onLine ? lineNo + 1 : undefined);
  }
  if (!onLine && failed === undefined) readDocument(docParts.join(''), reader, ctx);
  else if (!onLine) ctx.problem('document is incomplete and could not be parsed');
  handler?.end();
  const digest = ctx.finish();
  await read;
  digest.sha256 = hash.digest('hex');
  return digest;
}

/**
 * Byte-level line splitting for hot formats (flow logs): lines are handed over as buffer ranges, so
 * nothing is decoded unless the reader needs it. The first line goes through `line` (a header).
 */
async function readBytes(
  stream: Readable,
  gzip: boolean,
  read: Promise<void>,
  hash: ReturnType<typeof createHash>,
  handler: LineHandler,
  ctx: ReaderContext,
): Promise<FileDigest> {
  const bytes = handler.bytes as NonNullable<LineHandler['bytes']>;
  const bulk = handler.chunk?.bind(handler);
  let carry: Buffer | undefined;
  let lineNo = 0;
  let failed: string | undefined;
  const emit = (buf: Buffer, u: Uint8Array, start: number, end: number) => {
    lineNo++;
    const stop = end > start && u[end - 1] === 13 ? end - 1 : end;
    if (lineNo === 1) handler.line(buf.toString('utf8', start, stop), 1);
    else bytes(buf, u, start, stop, lineNo);
  };
  const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);
  try {
    for await (const chunk of stream) {
      // Back to the event loop first: zlib's finished step is handled and the next one starts while we parse.
      await yieldToLoop();
      const buf = chunk as Buffer;
      if (!gzip) hash.update(buf);
      let pos = 0;
      if (carry) {
        const nl = buf.indexOf(10);
        if (nl === -1) {
          carry = Buffer.concat([carry, buf]);
          continue;
        }
        const joined = Buffer.concat([carry, buf.subarray(0, nl)]);
        carry = undefined;
        emit(joined, view(joined), 0, joined.length);
        pos = nl + 1;
      }
      const u = view(buf);
      if (bulk) {
        // The header (line 1) goes through `line`; then every whole line of the chunk in one call.
        if (lineNo === 0) {
          const nl = buf.indexOf(10, pos);
          if (nl !== -1) {
            emit(buf, u, pos, nl);
            pos = nl + 1;
          }
        }
        const last = lineNo === 0 ? -1 : buf.lastIndexOf(10);
        if (last >= pos) {
          lineNo = bulk(buf, u, pos, last + 1, lineNo);
          pos = last + 1;
        }
      } else {
        let nl = buf.indexOf(10, pos);
        while (nl !== -1) {
          emit(buf, u, pos, nl);
          pos = nl + 1;
          nl = buf.indexOf(10, pos);
        }
      }
      if (pos < buf.length) carry = Buffer.from(buf.subarray(pos));
      release(buf);
    }
    if (carry?.length) emit(carry, view(carry), 0, carry.length);
  } catch (err) {
    failed = (err as Error).message;
  }
  if (failed !== undefined) {
    const kind = /unexpected end|incorrect header|invalid/i.test(failed)
      ? 'gzip stream is truncated or damaged'
      : 'read failed';
    ctx.problem(`${kind} (${failed}) after line ${lineNo}; records before it were used`, lineNo + 1);
  }
  handler.end();
  const digest = ctx.finish();
  await read;
  digest.sha256 = hash.digest('hex');
  return digest;
}

/**
 * A document whose records sit in one array, read element by element while zlib inflates the rest.
 * Undefined when the file is not JSON of that shape, or cannot be read to its end: the caller then
 * reads it as one document, which reports the problem as before.
 */
async function readElements(
  path: string,
  rel: string,
  reader: JsonReader,
  elements: ElementReader,
  intel: IntelMatcher,
  dnsAnswers: DnsAnswers,
): Promise<FileDigest | undefined> {
  const ctx = new ReaderContext(rel, reader.format, intel, dnsAnswers);
  const hash = createHash('sha256');
  const { stream, gzip, read } = open(path, (c) => hash.update(c));
  const base: Loc = { pointer: '' };
  const splitter = new JsonArraySplitter(elements, (buf, start, end, index, top) =>
    elements.element(
      buf,
      start,
      end,
      () => (top ? child(base, index) : child(base, elements.key, index)),
      ctx,
    ),
  );
  try {
    for await (const chunk of stream) {
      if (!gzip) hash.update(chunk as Buffer);
      await yieldToLoop();
      splitter.write(chunk as Buffer);
      release(chunk as Buffer);
    }
    splitter.end();
  } catch {
    stream.destroy();
    return undefined;
  }
  const digest = ctx.finish();
  await read;
  digest.sha256 = hash.digest('hex');
  return digest;
}

function readDocument(text: string, reader: TelemetryReader, ctx: ReaderContext): void {
  if (reader.kind !== 'json') return;
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const lc = /line (\d+) column (\d+)/.exec(message);
    const line = lc ? Number(lc[1]) : at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    ctx.problem(`invalid JSON: ${message.split('\n')[0]?.replace(/ in JSON at position \d+.*$/, '')}`, line);
    return;
  }
  reader.readValue(value, { pointer: '' }, ctx);
}
