export * from './flow-leg.js';
export { renderFlowLegKql } from './render-kql.js';
export { renderFlowLegSql } from './render-sql.js';
export * from './result-rows.js';
export * from './sql-dialects.js';
