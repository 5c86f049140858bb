/**
 * Regenerates the committed, drift-checked artifacts: JSON Schemas, the README control catalog and the AWS
 * least-privilege policy collection needs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsPermissionPolicy } from '../providers/aws/permissions.js';
import { renderCatalogMarkdown, replaceGenerated } from '../src/controls/catalog-docs.js';
import { packageRoot } from '../src/package-info.js';
import { publishedSchemas, renderSchema } from '../src/schemas.js';

for (const name of Object.keys(publishedSchemas)) {
  writeFileSync(join(packageRoot, name), renderSchema(name));
  console.log(`wrote ${name}`);
}
const readme = join(packageRoot, 'README.md');
writeFileSync(readme, replaceGenerated(readFileSync(readme, 'utf8'), 'controls', renderCatalogMarkdown()));
console.log('updated README.md control catalog');
const permissions = join(packageRoot, 'policies', 'aws-permissions.json');
writeFileSync(permissions, `${JSON.stringify(awsPermissionPolicy(), null, 2)}\n`);
console.log('wrote policies/aws-permissions.json');
