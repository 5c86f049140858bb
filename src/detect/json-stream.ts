/**
 * Streaming for JSON documents whose records sit in one array (`{"Records":[…]}`, `{"MetricDataResults":
 * […]}` or a top-level `[…]`): elements are handed over as bytes as soon as they are complete, so a file
 * is read in bounded memory while zlib inflates the rest, and a reader can skip records it does not need
 * after checking them with `jsonEnd` instead of building them with JSON.parse.
 *
 * The document is accepted exactly when JSON.parse would accept it, given that the element handler
 * parses or checks every element (and throws when one is not JSON). Anything else throws
 * `NotStreamable` and the caller reads the file as one document, which gives the classic errors.
 */

/** The document is not JSON, or not of the expected shape: read it whole instead. */
export class NotStreamable extends Error {}

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;

// Frame states: everything outside the elements is read byte by byte.
const START = 0;
const OBJ_FIRST_KEY = 1; // after `{`: a key or `}`
const OBJ_KEY = 2; // after `,`: a key
const OBJ_COLON = 3;
const OBJ_VALUE = 4;
const OBJ_NEXT = 5; // after a value: `,` or `}`
const ARR_FIRST = 6; // after `[`: an element or `]`
const ARR_ELEM = 7; // after `,`: an element
const ARR_NEXT = 8; // after an element: `,` or `]`
const DONE = 9;

// What the value being scanned is for.
const V_ELEMENT = 0;
const V_KEY = 1;
const V_OTHER = 2;

export interface ArrayStreamShape {
  /** The top-level key holding the records, compared exactly (`Records`). */
  key: string;
  /** Whether a top-level array of records is read the same way. */
  topArray: boolean;
}

/** Gets an element's bytes (`buf[start, end)`), its index, and whether it came from a top-level array. */
export type ElementHandler = (buf: Buffer, start: number, end: number, index: number, top: boolean) => void;

/**
 * Splits a document into the elements of its record array. `onElement` gets each element's bytes
 * (`buf[start, end)`), its index, and whether it came from a top-level array.
 */
export class JsonArraySplitter {
  private state = START;
  private bom = 0;
  private topArray = false;
  private targets = 0;
  private key: string | undefined;
  private index = 0;
  // The value being scanned (possibly across chunks).
  private scanning = false;
  private what = V_ELEMENT;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;
  private parts: Buffer[] = [];
  private partsBytes = 0;

  private readonly shape: ArrayStreamShape;
  private readonly onElement: ElementHandler;

  constructor(shape: ArrayStreamShape, onElement: ElementHandler) {
    this.shape = shape;
    this.onElement = onElement;
  }

  write(buf: Buffer): void {
    const u = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    const n = u.length;
    let i = 0;
    // A UTF-8 byte order mark is dropped, as the whole-document reader does.
    while (this.bom < 3 && this.state === START && i < n) {
      const expect = [0xef, 0xbb, 0xbf][this.bom] as number;
      if (u[i] !== expect) {
        if (this.bom > 0) throw new NotStreamable('partial byte order mark');
        this.bom = 3;
        break;
      }
      this.bom++;
      i++;
    }
    let valueStart = 0;
    if (this.scanning) {
      const stop = this.scan(u, 0, n);
      if (stop < 0) {
        this.keep(buf, 0, n);
        return;
      }
      this.finishValue(buf, 0, stop);
      i = stop;
    }
    while (i < n) {
      const c = u[i] as number;
      if (WS[c]) {
        i++;
        continue;
      }
      switch (this.state) {
        case START:
          if (c === 0x7b) this.state = OBJ_FIRST_KEY;
          else if (c === 0x5b && this.shape.topArray) {
            this.topArray = true;
            this.state = ARR_FIRST;
          } else throw new NotStreamable('not an object or array of records');
          i++;
          continue;
        case OBJ_FIRST_KEY:
        case OBJ_KEY:
          if (c === 0x7d && this.state === OBJ_FIRST_KEY) {
            this.state = DONE;
            i++;
            continue;
          }
          if (c !== 0x22) throw new NotStreamable('expected a key');
          this.what = V_KEY;
          break;
        case OBJ_COLON:
          if (c !== 0x3a) throw new NotStreamable('expected a colon');
          this.state = OBJ_VALUE;
          i++;
          continue;
        case OBJ_VALUE:
          if (this.key === this.shape.key) {
            if (c !== 0x5b || ++this.targets > 1) throw new NotStreamable('record array is not one array');
            this.state = ARR_FIRST;
            i++;
            continue;
          }
          this.what = V_OTHER;
          break;
        case OBJ_NEXT:
          if (c === 0x2c) this.state = OBJ_KEY;
          else if (c === 0x7d) this.state = DONE;
          else throw new NotStreamable('expected , or }');
          i++;
          continue;
        case ARR_FIRST:
        case ARR_ELEM:
          if (c === 0x5d && this.state === ARR_FIRST) {
            this.state = this.topArray ? DONE : OBJ_NEXT;
            i++;
            continue;
          }
          this.what = V_ELEMENT;
          break;
        case ARR_NEXT:
          if (c === 0x2c) this.state = ARR_ELEM;
          else if (c === 0x5d) this.state = this.topArray ? DONE : OBJ_NEXT;
          else throw new NotStreamable('expected , or ]');
          i++;
          continue;
        default:
          throw new NotStreamable('content after the document');
      }
      // A value starts at i: scan to its end (it may continue in the next chunk).
      valueStart = i;
      this.scanning = true;
      this.depth = 0;
      this.inString = false;
      this.escaped = false;
      this.scalar = c !== 0x7b && c !== 0x5b && c !== 0x22;
      const stop = this.scan(u, i, n);
      if (stop < 0) {
        this.keep(buf, valueStart, n);
        return;
      }
      this.finishValue(buf, valueStart, stop);
      i = stop;
    }
  }

  /** Throws unless the whole document was read and had its record array. */
  end(): void {
    if (this.state !== DONE || this.scanning) throw new NotStreamable('document is incomplete');
    if (!this.topArray && this.targets !== 1) throw new NotStreamable('no record array');
  }

  private keep(buf: Buffer, start: number, end: number): void {
    if (end > start) {
      this.parts.push(Buffer.from(buf.subarray(start, end)));
      this.partsBytes += end - start;
    }
  }

  /**
   * Finds where the value ends: brackets are counted outside strings, a string ends at its unescaped
   * quote, a number or literal at the next delimiter. Returns the index after it, or -1 at chunk end.
   * Not a check: the element handler (or JSON.parse here) checks the bytes.
   */
  private scan(u: Uint8Array, i: number, n: number): number {
    if (this.scalar) {
      for (; i < n; i++) {
        const c = u[i] as number;
        if (WS[c] || c === 0x2c || c === 0x5d || c === 0x7d) return i;
      }
      return -1;
    }
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    for (; i < n; i++) {
      const c = u[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) {
          inString = false;
          if (depth === 0) return i + 1;
        }
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return i + 1;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }

  private finishValue(buf: Buffer, start: number, end: number): void {
    this.scanning = false;
    let b = buf;
    let s = start;
    let e = end;
    if (this.parts.length) {
      this.parts.push(buf.subarray(start, end));
      b = Buffer.concat(this.parts, this.partsBytes + end - start);
      s = 0;
      e = b.length;
      this.parts = [];
      this.partsBytes = 0;
    }
    if (this.what === V_ELEMENT) {
      this.onElement(b, s, e, this.index++, this.topArray);
      this.state = ARR_NEXT;
    } else if (this.what === V_KEY) {
      this.key = JSON.parse(b.toString('utf8', s, e)) as string;
      this.state = OBJ_COLON;
    } else {
      JSON.parse(b.toString('utf8', s, e)); // checked, not kept
      this.state = OBJ_NEXT;
    }
  }
}

// ---- Checking JSON without building it --------------------------------------------------------

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
// Bytes that end a run of plain string content: `"`, `\` and control characters.
const STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STOP[c] = 1;
STOP[0x22] = 1;
STOP[0x5c] = 1;
const ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1;

/** Set by `stringEnd`: whether the string it just read had a backslash escape. */
let hadEscape = false;

/** Index after the JSON string starting at `u[i] === '"'`, or -1 when it is not a valid string. */
function stringEnd(u: Uint8Array, i: number, end: number): number {
  hadEscape = false;
  for (i++; i < end; i++) {
    const c = u[i] as number;
    if (STOP[c] === 0) continue;
    if (c === 0x22) return i + 1;
    if (c !== 0x5c || i + 1 >= end) return -1;
    hadEscape = true;
    const e = u[++i] as number;
    if (e === 0x75) {
      if (i + 4 >= end) return -1;
      if (!HEX[u[i + 1] as number] || !HEX[u[i + 2] as number] || !HEX[u[i + 3] as number]) return -1;
      if (!HEX[u[i + 4] as number]) return -1;
      i += 4;
    } else if (ESCAPE[e] === 0) return -1;
  }
  return -1;
}

function digitsEnd(u: Uint8Array, i: number, end: number): number {
  const s = i;
  while (i < end && (u[i] as number) >= 0x30 && (u[i] as number) <= 0x39) i++;
  return i > s ? i : -1;
}

/** Index after the JSON number at `i`, or -1. */
function numberEnd(u: Uint8Array, i: number, end: number): number {
  if (i < end && u[i] === 0x2d) i++;
  if (i < end && u[i] === 0x30) i++;
  else {
    i = digitsEnd(u, i, end);
    if (i < 0) return -1;
  }
  if (i < end && u[i] === 0x2e) {
    i = digitsEnd(u, i + 1, end);
    if (i < 0) return -1;
  }
  if (i < end && (u[i] === 0x65 || u[i] === 0x45)) {
    i++;
    if (i < end && (u[i] === 0x2b || u[i] === 0x2d)) i++;
    i = digitsEnd(u, i, end);
  }
  return i;
}

function literalEnd(u: Uint8Array, i: number, end: number, word: readonly number[]): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (u[i + k] !== word[k]) return -1;
  return i + word.length;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

const skipWs = (u: Uint8Array, i: number, end: number): number => {
  while (i < end && WS[u[i] as number] === 1) i++;
  return i;
};

/** Open containers while `jsonEnd` reads (0x7d in an object, 0x5d in an array); grows as needed. */
let stack = new Uint8Array(64);

/** After `"key"` at i: whitespace, a colon, whitespace; the index of the value, or -1. */
function memberValue(u: Uint8Array, i: number, end: number): number {
  if (i >= end || u[i] !== 0x22) return -1;
  i = stringEnd(u, i, end);
  if (i < 0) return -1;
  i = skipWs(u, i, end);
  if (i >= end || u[i] !== 0x3a) return -1;
  return skipWs(u, i + 1, end);
}

/**
 * Index after the one JSON value that starts at `u[i]` (no leading whitespace), or -1 when the bytes
 * are not JSON as JSON.parse reads them (after UTF-8 decoding, which makes any byte sequence inside a
 * string acceptable). Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonEnd(u: Uint8Array, i: number, end: number): number {
  let depth = 0;
  for (;;) {
    // A value at i.
    if (i >= end) return -1;
    const c = u[i] as number;
    if (c === 0x22) i = stringEnd(u, i, end);
    else if (c === 0x7b || c === 0x5b) {
      i = skipWs(u, i + 1, end);
      if (i < end && u[i] === c + 2)
        i++; // `{}` or `[]`
      else {
        if (depth === stack.length) {
          const bigger = new Uint8Array(depth * 2);
          bigger.set(stack);
          stack = bigger;
        }
        stack[depth++] = c + 2;
        if (c === 0x7b) i = memberValue(u, i, end);
        if (i < 0) return -1;
        continue;
      }
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) i = numberEnd(u, i, end);
    else if (c === 0x74) i = literalEnd(u, i, end, TRUE);
    else if (c === 0x66) i = literalEnd(u, i, end, FALSE);
    else if (c === 0x6e) i = literalEnd(u, i, end, NULL);
    else return -1;
    if (i < 0) return -1;
    // After a value: close containers, or go on to the next member or element.
    for (;;) {
      if (depth === 0) return i;
      i = skipWs(u, i, end);
      if (i >= end) return -1;
      const d = u[i] as number;
      const close = stack[depth - 1] as number;
      if (d === close) {
        depth--;
        i++;
        continue;
      }
      if (d !== 0x2c) return -1;
      i = skipWs(u, i + 1, end);
      if (close === 0x7d) {
        i = memberValue(u, i, end);
        if (i < 0) return -1;
      }
      break;
    }
  }
}

/** `objectFields` results. */
export const NOT_JSON = -1;
export const READ_IN_FULL = 0;
export const FIELDS_FOUND = 1;

/**
 * Where `objectFields` found each wanted member: `start[k]`/`end[k]` bound the text of a string
 * value without escapes (`plain[k]` 1), `plain[k]` 0 for any other value, -1 when absent.
 */
export class FieldSlices {
  readonly plain: Int8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly names: readonly Uint8Array[];
  constructor(names: readonly Uint8Array[]) {
    this.names = names;
    this.plain = new Int8Array(names.length);
    this.start = new Int32Array(names.length);
    this.end = new Int32Array(names.length);
  }
}

/**
 * Checks that `u[start, end)` is exactly one JSON value (as `jsonEnd` does) and, for an object, finds its
 * members named in `out.names`. NOT_JSON when the bytes are not JSON; READ_IN_FULL when they are JSON but
 * not an object, or a wanted key is escaped or repeated (only a full parse can say what they hold).
 */
export function objectFields(u: Uint8Array, start: number, end: number, out: FieldSlices): number {
  const names = out.names;
  out.plain.fill(-1);
  let i = start;
  if (i >= end) return NOT_JSON;
  if (u[i] !== 0x7b) return jsonEnd(u, i, end) === end ? READ_IN_FULL : NOT_JSON;
  let result = FIELDS_FOUND;
  i = skipWs(u, i + 1, end);
  if (i < end && u[i] === 0x7d) return i + 1 === end ? result : NOT_JSON;
  for (;;) {
    if (i >= end || u[i] !== 0x22) return NOT_JSON;
    const ks = i + 1;
    i = stringEnd(u, i, end);
    if (i < 0) return NOT_JSON;
    const ke = i - 1;
    // An escaped key might spell a wanted name: only a full parse can tell.
    if (hadEscape) result = READ_IN_FULL;
    let want = -1;
    for (let k = 0; k < names.length; k++) {
      const name = names[k] as Uint8Array;
      if (name.length !== ke - ks || name[0] !== u[ks]) continue;
      let j = 1;
      while (j < name.length && u[ks + j] === name[j]) j++;
      if (j === name.length) {
        want = k;
        break;
      }
    }
    i = skipWs(u, i, end);
    if (i >= end || u[i] !== 0x3a) return NOT_JSON;
    i = skipWs(u, i + 1, end);
    const vs = i;
    i = jsonEnd(u, i, end);
    if (i < 0) return NOT_JSON;
    if (want >= 0) {
      if (out.plain[want] !== -1) result = READ_IN_FULL;
      out.plain[want] = u[vs] === 0x22 && !hadEscape ? 1 : 0;
      out.start[want] = vs + 1;
      out.end[want] = i - 1;
    }
    i = skipWs(u, i, end);
    if (i >= end) return NOT_JSON;
    const d = u[i];
    if (d === 0x7d) return i + 1 === end ? result : NOT_JSON;
    if (d !== 0x2c) return NOT_JSON;
    i = skipWs(u, i + 1, end);
  }
}
