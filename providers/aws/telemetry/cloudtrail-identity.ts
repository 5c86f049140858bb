import { type Obj, path, str } from '../../../src/detect/json-fields.js';

/** `arn:aws:sts::ACCT:assumed-role/NAME/SESSION` is approved as `arn:aws:iam::ACCT:role/NAME`. */
export function roleOfSession(arn: string): string | undefined {
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

export interface CallerIdentity {
  principal: string;
  role?: string;
  type?: string;
  invokedBy?: string;
}

/** Who made a call: the ARN (or the invoking service), the role behind a session, and the service that relayed it. */
export function principalOf(identity: Obj | undefined): CallerIdentity {
  const type = str(identity?.type);
  const arn = str(identity?.arn);
  const invokedBy = str(identity?.invokedBy);
  const issuer = str(path(identity, 'sessionContext', 'sessionIssuer', 'arn'));
  const principal = arn ?? invokedBy ?? str(identity?.principalId) ?? 'unknown';
  const role = issuer ?? (arn ? roleOfSession(arn) : undefined);
  return {
    principal,
    ...(role ? { role } : {}),
    ...(type ? { type } : {}),
    ...(invokedBy ? { invokedBy } : {}),
  };
}

/** A service-linked role (`…/aws-service-role/<service>/AWSServiceRoleFor…`): it acts only for its service. */
export function serviceLinkedRole(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  return /:role\/(aws-service-role\/[^/]+\/)?(AWSServiceRoleFor[^/]*)$/.exec(arn)?.[2];
}

/** The caller fields every signal from a record carries. */
export function callerFields(r: Obj, who: CallerIdentity) {
  return {
    principal: who.principal,
    ...(who.role ? { principalRole: who.role } : {}),
    ...(str(r.awsRegion) ? { region: str(r.awsRegion) } : {}),
    ...(str(r.eventID) ? { eventId: str(r.eventID) } : {}),
  };
}
