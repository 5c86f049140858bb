import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-info.js';
import { publishedSchemas, renderSchema } from '../../src/schemas.js';

describe('published JSON Schemas', () => {
  for (const name of Object.keys(publishedSchemas)) {
    it(`${name} matches the zod schema it is generated from (run npm run generate)`, () => {
      expect(readFileSync(join(packageRoot, name), 'utf8')).toBe(renderSchema(name));
    });
  }
});
