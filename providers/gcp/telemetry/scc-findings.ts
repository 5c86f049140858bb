import { arr, obj, path, str } from '../../../src/detect/json-fields.js';
import {
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { vmKey } from './log-entries.js';

const MINING = /crypto|mining|miner/i;

function readFinding(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  ctx.record();
  const outer = obj(raw);
  const f = obj(outer?.finding) ?? outer;
  const category = str(f?.category);
  if (!f || !category) {
    ctx.problem('not a Security Command Center finding (needs category)', loc.line);
    return;
  }
  if (!MINING.test(category)) return;
  const resource = str(f.resourceName) ?? '';
  const project =
    /projects\/([^/]+)/.exec(resource)?.[1] ??
    str(path(outer, 'resource', 'projectDisplayName')) ??
    'unknown';
  const m = /\/\/compute\.googleapis\.com\/projects\/([^/]+)\/zones\/([^/]+)\/instances\/([^/]+)$/.exec(
    resource,
  );
  const vm = m?.[3];
  const time = Date.parse(str(f.eventTime) ?? str(f.createTime) ?? '');
  const destinations = [
    ...arr(path(f, 'indicator', 'ipAddresses')),
    ...arr(path(f, 'indicator', 'domains')),
  ].filter((d): d is string => typeof d === 'string');
  ctx.digest.findings.push({
    provider: 'gcp',
    scope: project,
    time: Number.isFinite(time) ? time : 0,
    type: `Security Command Center ${category}`,
    destinations,
    file: ctx.file,
    pointer: pointerOf(loc),
    ...(vm
      ? /^\d+$/.test(vm)
        ? { instanceId: vm }
        : { endpoint: vmKey(m?.[1] ?? project, m?.[2] ?? '', vm) }
      : {}),
  });
}

/** Security Command Center findings: `gcloud scc findings list` output or the REST list response. */
export const sccFindingsReader: JsonReader = {
  format: 'gcp-scc-findings',
  provider: 'gcp',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"category"\s*:/.test(head) &&
    /"resourceName"\s*:\s*"\/\//.test(head) &&
    /"(finding|findingClass|state)"\s*:/.test(head),
  readValue(value, loc, ctx) {
    if (Array.isArray(value)) {
      each(value, loc, [], (v, at) => readFinding(v, at, ctx));
      return;
    }
    const list = obj(value)?.listFindingsResults ?? obj(value)?.findings;
    if (Array.isArray(list)) {
      each(list, loc, ['listFindingsResults'], (v, at) => readFinding(v, at, ctx));
      return;
    }
    readFinding(value, loc, ctx);
  },
};
