// The report's own script: filters, search and pagination over the embedded findings. It builds every
// node with textContent (never innerHTML), so no value from the cloud is ever parsed as markup.
(() => {
  const source = document.getElementById('report-data');
  if (!source) return;
  const data = JSON.parse(source.textContent || '{}');
  const rows = data.rows || [];
  const PAGE = 50;
  const $ = (id) => document.getElementById(id);

  // Identifiers wrap after their separators (a <wbr> between text nodes), not mid-token.
  // As idParts in reports/html.ts: after separators, and every 32 characters of a part over 40.
  const breakable = (n, text) => {
    for (const part of text.split(/(?<=[/:.,@|=])/)) {
      const chars = Array.from(part);
      const pieces = [];
      if (chars.length <= 40) pieces.push(part);
      else for (let i = 0; i < chars.length; i += 32) pieces.push(chars.slice(i, i + 32).join(''));
      for (const piece of pieces) {
        if (n.firstChild) n.appendChild(document.createElement('wbr'));
        n.appendChild(document.createTextNode(piece));
      }
    }
  };
  const el = (tag, text, cls) => {
    const n = document.createElement(tag);
    if (text !== undefined && text !== null) {
      const mono = tag === 'code' || (cls && /\bmono\b/.test(cls));
      if (mono) breakable(n, String(text));
      else n.textContent = String(text);
    }
    if (cls) n.className = cls;
    return n;
  };
  const scopeLabel = (i) => {
    const s = data.scopes[i] || '';
    return s.slice(s.indexOf(':') + 1);
  };
  const debounce = (fn) => {
    let timer;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(fn, 120);
    };
  };

  // One page of a filtered list at a time: the DOM never holds more than PAGE rows.
  class Pager {
    constructor(prefix, items, match, render) {
      this.prefix = prefix;
      this.items = items;
      this.match = match;
      this.render = render;
      this.page = 0;
      this.visible = items;
      $(`${prefix}-prev`).addEventListener('click', () => this.go(this.page - 1));
      $(`${prefix}-next`).addEventListener('click', () => this.go(this.page + 1));
    }
    refresh() {
      this.visible = this.items.filter((r) => this.match(r));
      this.go(0);
    }
    go(page) {
      const pages = Math.max(1, Math.ceil(this.visible.length / PAGE));
      this.page = Math.max(0, Math.min(page, pages - 1));
      const body = $(`${this.prefix}-rows`);
      body.textContent = '';
      const start = this.page * PAGE;
      const slice = this.visible.slice(start, start + PAGE);
      const frag = document.createDocumentFragment();
      for (const item of slice) frag.appendChild(this.render(item));
      body.appendChild(frag);
      const shown = this.visible.length === 0 ? '0' : `${start + 1}–${start + slice.length}`;
      $(`${this.prefix}-count`).textContent =
        `Showing ${shown} of ${this.visible.length} (${this.items.length} in all)`;
      $(`${this.prefix}-prev`).disabled = this.page === 0;
      $(`${this.prefix}-next`).disabled = this.page >= pages - 1;
      const empty = $(`${this.prefix}-empty`);
      if (empty) empty.hidden = this.visible.length !== 0;
    }
  }

  // Findings table.
  const filters = {
    status: $('f-status'),
    severity: $('f-severity'),
    pillar: $('f-pillar'),
    control: $('f-control'),
    scope: $('f-scope'),
    search: $('f-search'),
  };
  data.controls.forEach((c, i) => {
    const o = el('option', c);
    o.value = String(i);
    filters.control.appendChild(o);
  });
  data.scopes.forEach((_s, i) => {
    const o = el('option', scopeLabel(i));
    o.value = String(i);
    filters.scope.appendChild(o);
  });
  const hay = new Map();
  const haystack = (r) => {
    let h = hay.get(r);
    if (h === undefined) {
      h = [r[0], data.controls[r[1]], scopeLabel(r[5]), r[6], r[7], r[8], r[9], r[10], r[11]]
        .join('\n')
        .toLowerCase();
      hay.set(r, h);
    }
    return h;
  };
  const matchFinding = (r) => {
    if (filters.status.value && r[2] !== filters.status.value) return false;
    if (filters.severity.value && r[3] !== filters.severity.value) return false;
    if (filters.pillar.value && r[4] !== filters.pillar.value) return false;
    if (filters.control.value && String(r[1]) !== filters.control.value) return false;
    if (filters.scope.value && String(r[5]) !== filters.scope.value) return false;
    const q = filters.search.value.trim().toLowerCase();
    return !q || haystack(r).includes(q);
  };
  const evidenceList = (items) => {
    const det = el('details');
    det.appendChild(el('summary', `${items.length} evidence item${items.length === 1 ? '' : 's'}`));
    const ul = el('ul', null, 'evidence');
    for (const e of items) {
      const f = data.files[e[0]] || [];
      const li = el('li');
      li.appendChild(el('code', f[0] + (e[1] ? ` ${e[1]}` : '')));
      li.appendChild(el('span', ` ${f[2]}, collected ${f[3] || 'by hand'}, sha256 `));
      li.appendChild(el('code', f[1]));
      ul.appendChild(li);
    }
    det.appendChild(ul);
    return det;
  };
  const renderFinding = (r) => {
    const tr = el('tr');
    tr.id = `f-${r[0]}`;
    tr.appendChild(el('td', r[2].replace('_', ' '), `status status-${r[2]}`));
    tr.appendChild(el('td', r[3], `sev-${r[3]}`));
    tr.appendChild(el('td', data.controls[r[1]]));
    tr.appendChild(el('td', scopeLabel(r[5]) + (r[6] ? ` / ${r[6]}` : ''), 'mono'));
    const res = el('td', null, 'mono');
    res.appendChild(el('span', r[8]));
    if (r[9]) {
      res.appendChild(el('br'));
      res.appendChild(el('span', r[9], 'name'));
    }
    tr.appendChild(res);
    const reason = el('td');
    reason.appendChild(el('span', r[10]));
    if (r[11]) reason.appendChild(el('div', r[11], 'waiver'));
    if (r[12].length) reason.appendChild(evidenceList(r[12]));
    tr.appendChild(reason);
    // With history: when the finding was first open, its age, and whether it is new since the last run.
    if (data.history) {
      const seen = el('td');
      if (r[13]) seen.appendChild(el('span', `${r[13]} (${r[14]} day${r[14] === 1 ? '' : 's'})`));
      if (r[15] === 'new' || r[15] === 'regressed') {
        if (r[13]) seen.appendChild(el('br'));
        seen.appendChild(el('span', r[15], 'status-fail'));
      }
      tr.appendChild(seen);
    }
    tr.appendChild(el('td', r[0], 'mono id'));
    return tr;
  };
  const findings = new Pager('f', rows, matchFinding, renderFinding);
  // A printed report holds every finding the filters select, not one page of them.
  window.addEventListener('beforeprint', () => {
    const body = $('f-rows');
    body.textContent = '';
    const frag = document.createDocumentFragment();
    for (const r of findings.visible) frag.appendChild(renderFinding(r));
    body.appendChild(frag);
  });
  window.addEventListener('afterprint', () => findings.go(findings.page));
  for (const k of ['status', 'severity', 'pillar', 'control', 'scope']) {
    filters[k].addEventListener('change', () => findings.refresh());
  }
  filters.search.addEventListener(
    'input',
    debounce(() => findings.refresh()),
  );
  const clear = () => {
    for (const f of Object.values(filters)) f.value = '';
  };
  $('f-reset').addEventListener('click', () => {
    clear();
    findings.refresh();
  });
  // Links in the scorecard and the scope/control tables narrow the findings table.
  const showFindings = (set) => {
    clear();
    for (const [k, v] of Object.entries(set)) filters[k].value = v;
    findings.refresh();
    $('findings').scrollIntoView();
  };
  for (const a of document.querySelectorAll('a[data-filter-scope]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      const i = data.scopes.indexOf(a.getAttribute('data-filter-scope'));
      showFindings({ scope: i < 0 ? '' : String(i), status: a.getAttribute('data-filter-status') || '' });
    });
  }
  for (const a of document.querySelectorAll('a[data-filter-control]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      const i = data.controls.indexOf(a.getAttribute('data-filter-control'));
      showFindings({ control: i < 0 ? '' : String(i), status: a.getAttribute('data-filter-status') || '' });
    });
  }
  for (const a of document.querySelectorAll('a[data-finding]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      showFindings({ search: a.getAttribute('data-finding') });
    });
  }

  // Evidence appendix: one row per (finding, evidence item).
  const evidenceRows = [];
  for (const r of rows)
    for (const e of r[12]) evidenceRows.push([r[0], data.controls[r[1]], r[2], e[0], e[1]]);
  const eSearch = $('e-search');
  const evidence = new Pager(
    'e',
    evidenceRows,
    (x) => {
      const q = eSearch.value.trim().toLowerCase();
      if (!q) return true;
      const f = data.files[x[3]] || [];
      return [x[0], x[1], f[0], f[1], f[2], x[4]].join('\n').toLowerCase().includes(q);
    },
    (x) => {
      const f = data.files[x[3]] || [];
      const tr = el('tr');
      tr.appendChild(el('td', x[0], 'mono id'));
      tr.appendChild(el('td', x[1]));
      tr.appendChild(el('td', x[2].replace('_', ' '), `status status-${x[2]}`));
      tr.appendChild(el('td', f[0], 'mono'));
      tr.appendChild(el('td', x[4], 'mono'));
      tr.appendChild(el('td', f[2], 'mono'));
      tr.appendChild(el('td', f[3] || 'by hand (no manifest)'));
      tr.appendChild(el('td', f[1], 'mono hash'));
      return tr;
    },
  );
  eSearch.addEventListener(
    'input',
    debounce(() => evidence.refresh()),
  );

  const fromHash = /^#f-([0-9a-f]{16})$/.exec(location.hash);
  if (fromHash) filters.search.value = fromHash[1];
  findings.refresh();
  evidence.refresh();
  document.documentElement.classList.add('js');
})();
