import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.js';
import { chromiumArgs, findChromium } from '../../reports/pdf.js';
import type { FindingsDocument } from '../../src/model/findings-document.js';
import { detection, finding, instance, twoAccountEstate } from '../helpers/findings-fixtures.js';

const chromiumPath = findChromium();
const hostile = '<img src=x onerror=alert(1)>';
const scriptBreak = '</script><script>alert(2)</script>';

/** The estate with a hostile instance name and tag, plus enough results to need a second page. */
function hostileEstate(): FindingsDocument {
  const many = Array.from({ length: 80 }, (_, i) =>
    finding({
      control: 'ownership-tagging',
      status: i % 4 === 0 ? 'pass' : 'fail',
      scope: '444455556666',
      region: 'us-east-1',
      resource: instance(`i-0bulk${String(i).padStart(11, '0')}`, i === 7 ? scriptBreak : `batch-${i}`),
    }),
  );
  return twoAccountEstate({
    hostile,
    extraFindings: many,
    detections: [detection({ instanceId: 'i-0dev00000000001', scope: '444455556666' })],
  });
}

interface Loaded {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
}

// Skipped, not failed, without a browser; the reason is in the suite's name so it shows in the run.
const suite = chromiumPath ? describe : describe.skip;
const title = chromiumPath
  ? `report.html in Chromium (${chromiumPath})`
  : 'report.html in Chromium (skipped: no Chromium found; apt-get install chromium or set RIGSIGHT_CHROMIUM)';

if (!chromiumPath) console.warn(`rigsight browser tests: ${title}`);

suite(title, () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(hostileEstate()));
    url = pathToFileURL(file).href;
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(viewport = { width: 1280, height: 800 }): Promise<Loaded> {
    const page = await browser.newPage({ viewport });
    const loaded: Loaded = { page, errors: [], requests: [], dialogs: [] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') loaded.errors.push(m.text());
    });
    page.on('pageerror', (e) => loaded.errors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url) loaded.requests.push(r.url());
    });
    page.on('dialog', (d) => {
      loaded.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#f-rows tr');
    return loaded;
  }

  const visibleRows = (page: Page) => page.locator('#f-rows tr').count();
  const countText = (page: Page) => page.locator('#f-count').textContent();

  it('loads from file:// with no console errors and no network requests', async () => {
    const { page, errors, requests } = await open();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('.grade').textContent()).toMatch(/^[A-F]/);
    expect(await page.locator('h2').allTextContents()).toEqual([
      'Scorecard',
      'Governance view',
      'Auditor evidence appendix',
    ]);
    await page.close();
  });

  it('filters and search change the visible findings', async () => {
    const { page } = await open();
    const total = hostileEstate().findings.length;
    expect(await countText(page)).toBe(`Showing 1–50 of ${total} (${total} in all)`);
    expect(await visibleRows(page)).toBe(50);

    await page.selectOption('#f-status', 'pass');
    const passes = hostileEstate().findings.filter((f) => f.status === 'pass').length;
    expect(await countText(page)).toBe(`Showing 1–${passes} of ${passes} (${total} in all)`);
    expect(await page.locator('#f-rows td.status').allTextContents()).toEqual(Array(passes).fill('pass'));

    await page.selectOption('#f-status', '');
    await page.selectOption('#f-control', { label: 'egress-restriction' });
    expect(await visibleRows(page)).toBe(2);

    await page.click('#f-reset');
    await page.fill('#f-search', 'sg-0devopen');
    await expect.poll(() => visibleRows(page)).toBe(1);
    expect(await page.locator('#f-rows tr td').nth(4).textContent()).toContain('sg-0devopen');

    await page.fill('#f-search', 'no-such-thing-anywhere');
    await expect.poll(() => page.locator('#f-empty').isVisible()).toBe(true);

    await page.click('#f-reset');
    await page.click('#f-next');
    expect(await countText(page)).toBe(`Showing 51–${Math.min(100, total)} of ${total} (${total} in all)`);
    await page.close();
  });

  it('shows a hostile resource name as text and runs nothing', async () => {
    const { page, dialogs, errors } = await open();
    await page.fill('#f-search', 'i-0dev00000000001');
    await expect.poll(() => visibleRows(page)).toBe(2);
    const names = await page.locator('#f-rows .name').allTextContents();
    expect(names).toContain(hostile);
    await page.fill('#f-search', 'i-0bulk00000000007');
    await expect.poll(() => page.locator('#f-rows .name').allTextContents()).toEqual([scriptBreak]);
    // Nothing from the data became an element anywhere in the document.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.getByText(hostile, { exact: false }).count()).toBeGreaterThan(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits the scorecard on a 1280×800 screen', async () => {
    const { page } = await open({ width: 1280, height: 800 });
    const box = await page.locator('#scorecard').boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(800);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await page.close();
  });

  it('wraps identifiers between their parts, never inside one, at 1280 px', async () => {
    const { page } = await open({ width: 1280, height: 800 });
    // Every unbroken run of an id (the text between two <wbr>) must sit on one line: one client rect.
    const split = await page.evaluate(`(() => {
      const bad = [];
      let parts = 0;
      for (const cell of document.querySelectorAll('td.mono:not(.hash), code')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (/\\s/.test(n.data)) continue;
          // Browsers may also break after a hyphen; between those the text must stay whole.
          let at = 0;
          for (const piece of n.data.split(/(?<=-)/)) {
            const range = document.createRange();
            range.setStart(n, at);
            range.setEnd(n, at + piece.length);
            at += piece.length;
            if (piece.length < 2) continue;
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            parts++;
            if (lines.size > 1) bad.push(piece);
          }
        }
      }
      return { parts, bad };
    })()`);
    const { parts, bad } = split as { parts: number; bad: string[] };
    expect(parts).toBeGreaterThan(20);
    expect(bad).toEqual([]);
    expect(await page.locator('td.mono wbr').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('prints every finding, not one page, and shows them without JavaScript too', async () => {
    const total = hostileEstate().findings.length;
    const { page } = await open();
    expect(await page.locator('#f-rows tr').count()).toBe(50);
    await page.evaluate('window.dispatchEvent(new Event("beforeprint"))');
    expect(await page.locator('#f-rows tr').count()).toBe(total);
    await page.evaluate('window.dispatchEvent(new Event("afterprint"))');
    expect(await page.locator('#f-rows tr').count()).toBe(50);
    await page.close();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const bare = await context.newPage();
    await bare.goto(url);
    expect(await bare.locator('#f-rows tr').count()).toBe(total);
    await context.close();
  });

  it('links from the scope table narrow the findings to that scope', async () => {
    const { page } = await open();
    await page.click(
      '#governance a[data-filter-scope="aws:111122223333"][data-filter-status="fail"], #governance a[data-filter-scope="aws:111122223333"]',
    );
    const scopes = await page.locator('#f-rows tr td:nth-child(4)').allTextContents();
    expect(scopes.length).toBeGreaterThan(0);
    expect(scopes.every((s) => s.startsWith('111122223333'))).toBe(true);
    await page.close();
  });
});
