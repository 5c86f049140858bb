/**
 * The AWS identity engine: who can create compute, computed from the bundle's IAM and Organizations
 * data with AWS's documented policy evaluation logic, offline.
 */
export { type AccountModel, type LoadedEstate, loadEstate } from './account-model.js';
export { ActionCatalog, arnFormatPattern } from './action-catalog.js';
export { approvalFor } from './approved.js';
export { type AccountAuthorization, GAAD_API, parseAuthorizationDetails } from './authorization-details.js';
export {
  type ComputeAction,
  type ComputeActions,
  defaultComputeActions,
  type EscalationAction,
  loadComputeActions,
} from './compute-actions.js';
export { describeConditions, parseConditions } from './conditions.js';
export {
  type AnalyzeOptions,
  analyzeCreators,
  analyzeIdentity,
  creatorsFrom,
  type IdentityAnalysis,
  rank,
} from './creators.js';
export { parseCredentialReport } from './credential-report.js';
export { type Decision, evaluate, type ResourceSpec, type Subject, type Verdict } from './evaluator.js';
export { type ExplainResult, explain, formatExplain } from './explain.js';
export { type OrgPlacement, readOrganization } from './organization.js';
export { type PolicyView, parsePolicyDocument, type Statement } from './policy-document.js';
export { buildGraph, type IdentityGraph, resourceSpec } from './reachability.js';
