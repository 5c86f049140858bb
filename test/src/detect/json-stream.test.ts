import { describe, expect, it } from 'vitest';
import {
  FIELDS_FOUND,
  FieldSlices,
  JsonArraySplitter,
  jsonEnd,
  NOT_JSON,
  objectFields,
  READ_IN_FULL,
} from '../../../src/detect/json-stream.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** Feeds a document in pieces of `size` bytes; the elements as JSON.parse reads them, or the error. */
function split(text: string, size: number, topArray = true): unknown[] | string {
  const out: unknown[] = [];
  const splitter = new JsonArraySplitter({ key: 'Records', topArray }, (buf, start, end) =>
    out.push(JSON.parse(buf.toString('utf8', start, end))),
  );
  const all = Buffer.from(text, 'utf8');
  try {
    for (let i = 0; i < all.length; i += size) splitter.write(all.subarray(i, i + size));
    splitter.end();
  } catch (err) {
    return (err as Error).constructor.name;
  }
  return out;
}

describe('JSON checking without parsing', () => {
  it('accepts exactly what JSON.parse accepts', () => {
    const cases = [
      '{}',
      '[]',
      '{"a":[1,-2.5e+3,true,false,null,"x\\"y\\u00e9\\/"],"b":{"c":{}}}',
      ' [ 1 , 2 ] ',
      '"é"',
      '-0',
      '{"a":1,}',
      '[1,]',
      '[01]',
      '[1.]',
      '[.5]',
      '[+1]',
      '["\\x"]',
      '["\\u12"]',
      '["a\u0001b"]',
      "['a']",
      '{"a" 1}',
      '{a:1}',
      '[1 2]',
      '[tru]',
      '[nulll]',
      '{"a":1}}',
      '[',
      '',
    ];
    for (const text of cases) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const u = bytes(text.trim());
      expect(u.length > 0 && jsonEnd(u, 0, u.length) === u.length, text).toBe(valid);
    }
  });

  it('follows deep nesting without running out of stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(jsonEnd(bytes(deep), 0, deep.length)).toBe(deep.length);
    expect(jsonEnd(bytes(`${deep}]`), 0, deep.length + 1)).toBe(deep.length);
  });

  it('finds top-level members, and asks for a full parse when a key is escaped or repeated', () => {
    const fields = new FieldSlices([Buffer.from('eventName'), Buffer.from('eventTime')]);
    const text = '{"x":{"eventName":"nested"},"eventName":"RunInstances","eventTime":"2026-11-20T08:00:00Z"}';
    expect(objectFields(bytes(text), 0, text.length, fields)).toBe(FIELDS_FOUND);
    const name = Buffer.from(text).toString('utf8', fields.start[0], fields.end[0]);
    expect([fields.plain[0], name]).toEqual([1, 'RunInstances']);
    for (const odd of [
      '{"event\\u004eame":"RunInstances"}',
      '{"eventName":"A","eventName":"RunInstances"}',
      '[1]',
    ])
      expect(objectFields(bytes(odd), 0, odd.length, fields), odd).toBe(READ_IN_FULL);
    expect(objectFields(bytes('{"eventName":"A",}'), 0, 18, fields)).toBe(NOT_JSON);
    const escaped = '{"eventName":"Run\\u0049nstances"}';
    expect(objectFields(bytes(escaped), 0, escaped.length, fields)).toBe(FIELDS_FOUND);
    expect(fields.plain[0]).toBe(0);
  });
});

describe('record arrays, streamed', () => {
  const records = [{ a: 1, s: 'x]}"' }, [1, [2]], 'text', 3.5, null, { Records: [1] }];
  it('hands over each element as JSON.parse would read it, whatever the chunking', () => {
    const doc = JSON.stringify({ before: { n: [1] }, Records: records, after: 'é' }, null, 2);
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) expect(split(doc, size)).toEqual(records);
    expect(split(`\ufeff${JSON.stringify(records)}`, 5)).toEqual(records);
    expect(split('{"Records":[]}', 4)).toEqual([]);
  });

  it('declines what is not JSON, or not one record array, so the file is read whole instead', () => {
    const declined = [
      '{"Records":[1,2,]}',
      '{"Records":[1,2]',
      '{"Records":[1,2]} x',
      '{"Records":[1],"Records":[2]}',
      '{"Records":{"a":1}}',
      '{"records":[1]}',
      '{"other":[1]}',
      '{"Records":[1,2],"x":tru}',
      '"Records"',
    ];
    for (const doc of declined) expect(split(doc, 3), doc).not.toBeInstanceOf(Array);
    expect(split('[1,2]', 2, false)).not.toBeInstanceOf(Array);
  });
});
