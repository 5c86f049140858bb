import { describe, expect, it } from 'vitest';
import { collectFake, comparable, handMade, inventoryOf } from '../helpers.js';

describe('a collected GCP bundle and one built by hand from gcloud output', () => {
  it('normalize to the same inventory, gaps and creators included', async () => {
    const { out } = await collectFake();
    const collected = await inventoryOf(out);
    const manual = await inventoryOf(handMade());
    expect(collected.workloads.length).toBe(4);
    expect(collected.creators.length).toBeGreaterThan(10);
    expect(comparable(collected)).toEqual(comparable(manual));
  });
});
