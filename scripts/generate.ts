/**
 * Regenerates the committed, drift-checked artifacts: JSON Schemas, the README control catalog and each
 * cloud's least-privilege grant for collection.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapters } from '../providers/index.js';
import { renderCatalogMarkdown, renderControlsDoc, replaceGenerated } from '../src/controls/catalog-docs.js';
import { packageRoot } from '../src/package-info.js';
import { publishedSchemas, renderSchema } from '../src/schemas.js';

for (const name of Object.keys(publishedSchemas)) {
  writeFileSync(join(packageRoot, name), renderSchema(name));
  console.log(`wrote ${name}`);
}
const readme = join(packageRoot, 'README.md');
writeFileSync(readme, replaceGenerated(readFileSync(readme, 'utf8'), 'controls', renderCatalogMarkdown()));
console.log('updated README.md control catalog');
writeFileSync(join(packageRoot, 'docs', 'controls.md'), renderControlsDoc());
console.log('wrote docs/controls.md');
for (const adapter of adapters()) {
  if (!adapter.permissions) continue;
  const text = await adapter.permissions.render({});
  writeFileSync(join(packageRoot, adapter.permissions.committedFile), `${text}\n`);
  console.log(`wrote ${adapter.permissions.committedFile}`);
}
