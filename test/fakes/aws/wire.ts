import { NormalizedSchema } from '@smithy/core/schema';

/**
 * Output serializers for the fake: an operation's output (SDK or CLI shape) written the way the service
 * puts it on the wire, driven by the service model's schema that ships inside each SDK client.
 */
export type Protocol = 'awsQuery' | 'ec2Query' | 'awsJson1_0' | 'awsJson1_1' | 'restJson1' | 'restXml';

type Schema = Parameters<typeof NormalizedSchema.of>[0];

// Smithy schema type codes for timestamps with an explicit format.
const DATE_TIME = 5;
const HTTP_DATE = 6;
const EPOCH_SECONDS = 7;

/** CLI and hand-made files hold timestamps as ISO strings or epoch numbers; the wire wants one format. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value < 1e12 ? value * 1000 : value);
  return new Date(String(value));
}

function timestampText(ns: NormalizedSchema, value: unknown, fallback: number): string | number {
  const schema = ns.getSchema();
  const format = schema === DATE_TIME || schema === HTTP_DATE || schema === EPOCH_SECONDS ? schema : fallback;
  const date = toDate(value);
  if (format === EPOCH_SECONDS) return date.getTime() / 1000;
  if (format === HTTP_DATE) return date.toUTCString();
  return date.toISOString();
}

/** Blobs travel base64-encoded; the CLI already prints them that way. */
function blobText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/** A JSON object where the model says string is a policy document the CLI decoded: IAM sends it URL-encoded. */
function stringText(value: unknown): string {
  if (typeof value === 'object' && value !== null) return encodeURIComponent(JSON.stringify(value));
  return String(value);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function isBound(ns: NormalizedSchema): boolean {
  const t = ns.getMergedTraits();
  return Boolean(t.httpHeader || t.httpPrefixHeaders || t.httpResponseCode || t.httpQuery || t.httpLabel);
}

function writeXml(ns: NormalizedSchema, value: unknown, name: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (ns.isStructSchema()) {
    out.push(`<${name}>`);
    writeXmlMembers(ns, value as Record<string, unknown>, out);
    out.push(`</${name}>`);
    return;
  }
  let text: string;
  if (ns.isTimestampSchema()) text = String(timestampText(ns, value, DATE_TIME));
  else if (ns.isBlobSchema()) text = blobText(value);
  else if (ns.isStringSchema()) text = stringText(value);
  else text = String(value);
  out.push(`<${name}>${escapeXml(text)}</${name}>`);
}

function writeXmlMembers(ns: NormalizedSchema, value: Record<string, unknown>, out: string[]): void {
  for (const [member, schema] of ns.structIterator()) {
    const v = value[member];
    if (v === null || v === undefined || isBound(schema)) continue;
    const traits = schema.getMergedTraits();
    const name = (traits.xmlName as string | undefined) ?? member;
    if (schema.isListSchema()) {
      const item = schema.getValueSchema();
      const flat = Boolean(traits.xmlFlattened);
      const itemName = flat ? name : ((item.getMergedTraits().xmlName as string | undefined) ?? 'member');
      if (!flat) out.push(`<${name}>`);
      for (const entry of v as unknown[]) writeXml(item, entry, itemName, out);
      if (!flat) out.push(`</${name}>`);
    } else if (schema.isMapSchema()) {
      const flat = Boolean(traits.xmlFlattened);
      if (!flat) out.push(`<${name}>`);
      for (const [k, mv] of Object.entries(v as Record<string, unknown>)) {
        out.push(flat ? `<${name}>` : '<entry>');
        out.push(`<key>${escapeXml(k)}</key>`);
        writeXml(schema.getValueSchema(), mv, 'value', out);
        out.push(flat ? `</${name}>` : '</entry>');
      }
      if (!flat) out.push(`</${name}>`);
    } else {
      writeXml(schema, v, name, out);
    }
  }
}

function toWireJson(ns: NormalizedSchema, value: unknown, jsonName: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {};
    const obj = value as Record<string, unknown>;
    for (const [member, schema] of ns.structIterator()) {
      if (isBound(schema)) continue;
      const v = toWireJson(schema, obj[member], jsonName);
      if (v === undefined) continue;
      const key = jsonName ? ((schema.getMergedTraits().jsonName as string | undefined) ?? member) : member;
      out[key] = v;
    }
    return out;
  }
  if (ns.isListSchema()) return (value as unknown[]).map((v) => toWireJson(ns.getValueSchema(), v, jsonName));
  if (ns.isMapSchema()) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        toWireJson(ns.getValueSchema(), v, jsonName),
      ]),
    );
  }
  if (ns.isTimestampSchema()) return timestampText(ns, value, EPOCH_SECONDS);
  if (ns.isBlobSchema()) return blobText(value);
  if (ns.isStringSchema() && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** The HTTP body of a successful response. `output` is the operation's output structure schema. */
export function outputBody(
  protocol: Protocol,
  output: Schema | undefined,
  operation: string,
  value: Record<string, unknown>,
  xmlns: string,
): string {
  if (!output) return JSON.stringify(value);
  const ns = NormalizedSchema.of(output);
  const out: string[] = [];
  switch (protocol) {
    case 'awsQuery':
      out.push(`<${operation}Response xmlns="${xmlns}"><${operation}Result>`);
      writeXmlMembers(ns, value, out);
      out.push(
        `</${operation}Result><ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>`,
      );
      out.push(`</${operation}Response>`);
      return out.join('');
    case 'ec2Query':
      out.push(`<${operation}Response xmlns="${xmlns}"><requestId>fake-request</requestId>`);
      writeXmlMembers(ns, value, out);
      out.push(`</${operation}Response>`);
      return out.join('');
    case 'restXml': {
      const root = (ns.getMergedTraits().xmlName as string | undefined) ?? `${operation}Output`;
      out.push(`<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${xmlns}">`);
      writeXmlMembers(ns, value, out);
      out.push(`</${root}>`);
      return out.join('');
    }
    case 'restJson1':
      return JSON.stringify(toWireJson(ns, value, true) ?? {});
    default:
      return JSON.stringify(toWireJson(ns, value, false) ?? {});
  }
}

export interface WireError {
  code: string;
  message: string;
  status: number;
}

/** The HTTP body and headers of an error in each protocol's own envelope. */
export function errorResponse(
  protocol: Protocol,
  error: WireError,
  queryCompatible: boolean,
): { body: string; headers: Record<string, string> } {
  const message = escapeXml(error.message);
  switch (protocol) {
    case 'awsQuery':
      return {
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${message}</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`,
      };
    case 'ec2Query':
      return {
        headers: { 'content-type': 'text/xml' },
        body: `<Response><Errors><Error><Code>${error.code}</Code><Message>${message}</Message></Error></Errors><RequestID>fake-request</RequestID></Response>`,
      };
    case 'restXml':
      return {
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${message}</Message><RequestId>fake-request</RequestId></Error>`,
      };
    default: {
      const headers: Record<string, string> = {
        'content-type': protocol === 'restJson1' ? 'application/json' : 'application/x-amz-json-1.1',
        'x-amzn-errortype': error.code,
      };
      if (queryCompatible) headers['x-amzn-query-error'] = `${error.code};Sender`;
      return { headers, body: JSON.stringify({ __type: error.code, message: error.message }) };
    }
  }
}
