import type { Detection, Verdict } from '../src/model/detection.js';
import type { EvidenceRef } from '../src/model/evidence.js';
import type { Finding, Severity, Status } from '../src/model/finding.js';
import type { FindingsDocument } from '../src/model/findings-document.js';
import type { Provider } from '../src/model/provider.js';

/** The OCSF schema version the events declare (`resources` on Compliance Finding arrived in 1.3.0). */
export const ocsfVersion = '1.3.0';

/** Findings category (2): Compliance Finding is class 2003, Detection Finding 2004; activity 1 = Create. */
export const ocsfClasses = {
  compliance: { class_uid: 2003, class_name: 'Compliance Finding' },
  detection: { class_uid: 2004, class_name: 'Detection Finding' },
} as const;

const severityId: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const severityName = ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical'];

/** compliance.status_id: 1 Pass, 2 Warning (no result: missing information), 3 Fail; 99 Other. */
const complianceStatus: Record<Status, { id: number; name: string }> = {
  pass: { id: 1, name: 'Pass' },
  fail: { id: 3, name: 'Fail' },
  unassessed: { id: 2, name: 'Warning' },
  waived: { id: 3, name: 'Fail' },
  not_applicable: { id: 99, name: 'Not Applicable' },
};

const verdictSeverity: Record<Verdict, number> = {
  'confirmed-mining': 5,
  'likely-mining': 4,
  suspicious: 3,
  'benign-explained': 1,
};

const cloudName: Record<Provider, string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };
const accountType: Record<Provider, string> = {
  aws: 'AWS Account',
  azure: 'Azure AD Account',
  gcp: 'GCP Account',
};

type OcsfEvent = Record<string, unknown>;

function base(doc: FindingsDocument, cls: { class_uid: number; class_name: string }, severity: number) {
  return {
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: cls.class_uid,
    class_name: cls.class_name,
    type_uid: cls.class_uid * 100 + 1,
    type_name: `${cls.class_name}: Create`,
    severity_id: severity,
    severity: severityName[severity] ?? 'Unknown',
    time: Date.parse(doc.generatedAt),
    metadata: {
      version: ocsfVersion,
      product: { name: 'rigsight', vendor_name: 'rigsight', version: doc.tool.version },
      profiles: ['cloud'],
      log_name: 'findings.json',
    },
  };
}

function cloud(provider: Provider, scope: string, region?: string) {
  return {
    provider: cloudName[provider],
    account: { uid: scope, type: accountType[provider] },
    ...(region ? { region } : {}),
  };
}

/** Evidence as OCSF evidences: the bundle file with its SHA-256 (algorithm_id 3) and the API that wrote it. */
function evidences(refs: readonly EvidenceRef[]) {
  return refs.map((e) => {
    const [service, operation] = e.api.includes(':') ? e.api.split(':', 2) : [e.api, e.api];
    return {
      api: { operation: operation ?? e.api, service: { name: service ?? e.api } },
      file: {
        name: e.file.split('/').pop() ?? e.file,
        path: e.file,
        type_id: 1,
        hashes: [{ algorithm_id: 3, algorithm: 'SHA-256', value: e.sha256 }],
      },
      data: {
        file: e.file,
        sha256: e.sha256,
        api: e.api,
        collectedAt: e.collectedAt,
        pointer: e.pointer ?? null,
      },
    };
  });
}

const firstSeenOf = new WeakMap<FindingsDocument, Map<string, string>>();

/** When the history store first saw this finding open (`--history`). */
function firstSeen(doc: FindingsDocument, id: string): { first_seen_time?: number } {
  let seen = firstSeenOf.get(doc);
  if (!seen) {
    seen = new Map(
      (doc.history?.changes.findings.items ?? []).flatMap((c) => (c.firstSeen ? [[c.key, c.firstSeen]] : [])),
    );
    firstSeenOf.set(doc, seen);
  }
  const at = seen.get(id);
  return at ? { first_seen_time: Date.parse(at) } : {};
}

export function complianceEvent(doc: FindingsDocument, f: Finding): OcsfEvent {
  const status = complianceStatus[f.status];
  return {
    ...base(doc, ocsfClasses.compliance, severityId[f.severity]),
    message: f.reason,
    status_id: f.status === 'waived' ? 3 : 1,
    status: f.status === 'waived' ? 'Suppressed' : 'New',
    cloud: cloud(f.provider, f.scope, f.region),
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: f.reason,
      types: [f.control, f.pillar],
      created_time: Date.parse(doc.generatedAt),
      ...firstSeen(doc, f.id),
      product_uid: 'rigsight',
    },
    compliance: {
      control: f.control,
      standards: f.frameworks.length
        ? [...new Set(f.frameworks.map((r) => r.replace(/ [^ ]+$/, '')))]
        : ['rigsight AN0744'],
      requirements: f.frameworks,
      status_id: status.id,
      status: status.name,
      status_detail: f.reason,
    },
    remediation: { desc: f.remediation },
    resources: [
      {
        uid: f.resource.arn ?? f.resource.id,
        type: f.resource.type,
        ...(f.resource.name ? { name: f.resource.name } : {}),
        ...(f.region ? { region: f.region } : {}),
        cloud_partition: f.resource.arn?.split(':')[1],
      },
    ],
    unmapped: {
      rigsight_status: f.status,
      evidence: evidences(f.evidence).map((e) => e.data),
      ...(f.waiver ? { waiver: f.waiver } : {}),
      ...(f.control === 'creation-permissions' ? creatorPaths(doc, f) : {}),
    },
  };
}

/** The principal's paths to compute (direct, chain, escalation) from creators[], for a creation-permissions result. */
function creatorPaths(doc: FindingsDocument, f: Finding) {
  const paths = doc.creators
    .filter((c) => c.provider === f.provider && c.scope === f.scope && c.principal.id === f.resource.id)
    .map((c) => ({
      path: c.path,
      actions: c.actions,
      via: c.via,
      ...(c.escalation ? { escalation: c.escalation } : {}),
      ...(c.conditions ? { conditions: c.conditions } : {}),
    }));
  return paths.length ? { creator_paths: paths } : {};
}

export function detectionEvent(doc: FindingsDocument, d: Detection): OcsfEvent {
  const open = !d.waiver && d.verdict !== 'benign-explained';
  return {
    ...base(doc, ocsfClasses.detection, verdictSeverity[d.verdict]),
    message: d.explanation,
    status_id: d.waiver || d.verdict === 'benign-explained' ? 3 : 1,
    status: d.waiver || d.verdict === 'benign-explained' ? 'Suppressed' : 'New',
    is_alert: open,
    confidence_score: d.score,
    cloud: cloud(d.provider, d.scope, d.instance.region),
    finding_info: {
      uid: d.id,
      title: `Cryptomining on ${d.instance.id}: ${d.verdict}`,
      desc: d.explanation,
      types: ['AN0744', d.verdict],
      analytic: { uid: 'AN0744', name: 'Cloud cryptomining', type_id: 1, type: 'Rule' },
      created_time: Date.parse(doc.generatedAt),
      ...(d.createdAt ? { first_seen_time: Date.parse(d.createdAt) } : {}),
      product_uid: 'rigsight',
    },
    resources: [
      {
        uid: d.instance.id,
        type: d.provider === 'aws' ? 'AWS::EC2::Instance' : 'Instance',
        ...(d.instance.region ? { region: d.instance.region } : {}),
      },
    ],
    evidences: [
      ...evidences(d.evidence),
      ...d.destinations.map((dest) => ({ dst_endpoint: endpoint(dest) })),
    ],
    unmapped: {
      verdict: d.verdict,
      legs: d.legs,
      ...(d.createdBy ? { createdBy: d.createdBy } : {}),
      ...(d.waiver ? { waiver: d.waiver } : {}),
    },
  };
}

/** "1.2.3.4:3333", "[2001:db8::1]:443", "pool.example.com" → an OCSF network endpoint. */
function endpoint(dest: string): Record<string, unknown> {
  const v6 = /^\[([0-9a-f:]+)\](?::(\d+))?$/i.exec(dest);
  if (v6) return { ip: v6[1], ...(v6[2] ? { port: Number(v6[2]) } : {}) };
  const m = /^([^:]+)(?::(\d+))?$/.exec(dest);
  if (!m) return { hostname: dest };
  const host = m[1] ?? dest;
  const port = m[2] ? { port: Number(m[2]) } : {};
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host)
    ? { ip: host, ...port }
    : { hostname: host, domain: host, ...port };
}

/** findings.ocsf.json: a JSON array of OCSF events (one per line), posture results first, then detections. */
export function renderOcsf(doc: FindingsDocument): string {
  const events = [
    ...doc.findings.map((f) => complianceEvent(doc, f)),
    ...doc.detections.map((d) => detectionEvent(doc, d)),
  ];
  return events.length === 0 ? '[]\n' : `[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}
