// The report's own script: filters, search and pagination over the embedded findings. Builds every
// node with textContent (never innerHTML), so no value from the cloud is ever parsed as markup.
(function () {
  'use strict';
  var source = document.getElementById('report-data');
  if (!source) return;
  var data = JSON.parse(source.textContent || '{}');
  var rows = data.rows || [];
  var PAGE = 50;

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function $(id) {
    return document.getElementById(id);
  }
  function scopeLabel(i) {
    var s = data.scopes[i] || '';
    return s.slice(s.indexOf(':') + 1);
  }

  // A generic pager: `match(row)` filters, `render(row)` makes a <tr>; shows one page at a time.
  function Pager(prefix, items, match, render) {
    this.prefix = prefix;
    this.items = items;
    this.match = match;
    this.render = render;
    this.page = 0;
    this.visible = items;
    var self = this;
    $(prefix + '-prev').addEventListener('click', function () {
      self.go(self.page - 1);
    });
    $(prefix + '-next').addEventListener('click', function () {
      self.go(self.page + 1);
    });
  }
  Pager.prototype.refresh = function () {
    var m = this.match;
    this.visible = this.items.filter(function (r) {
      return m(r);
    });
    this.go(0);
  };
  Pager.prototype.go = function (page) {
    var pages = Math.max(1, Math.ceil(this.visible.length / PAGE));
    this.page = Math.max(0, Math.min(page, pages - 1));
    var body = $(this.prefix + '-rows');
    body.textContent = '';
    var start = this.page * PAGE;
    var slice = this.visible.slice(start, start + PAGE);
    var frag = document.createDocumentFragment();
    for (var i = 0; i < slice.length; i++) frag.appendChild(this.render(slice[i]));
    body.appendChild(frag);
    var shown = this.visible.length === 0 ? '0' : start + 1 + '–' + (start + slice.length);
    $(this.prefix + '-count').textContent =
      'Showing ' + shown + ' of ' + this.visible.length + ' (' + this.items.length + ' in all)';
    $(this.prefix + '-prev').disabled = this.page === 0;
    $(this.prefix + '-next').disabled = this.page >= pages - 1;
    var empty = $(this.prefix + '-empty');
    if (empty) empty.hidden = this.visible.length !== 0;
  };

  // Findings table.
  var filters = {
    status: $('f-status'),
    severity: $('f-severity'),
    pillar: $('f-pillar'),
    control: $('f-control'),
    scope: $('f-scope'),
    search: $('f-search'),
  };
  data.controls.forEach(function (c, i) {
    var o = el('option', c);
    o.value = String(i);
    filters.control.appendChild(o);
  });
  data.scopes.forEach(function (s, i) {
    var o = el('option', scopeLabel(i));
    o.value = String(i);
    filters.scope.appendChild(o);
  });
  function haystack(r) {
    if (r.hay === undefined)
      r.hay = [r[0], data.controls[r[1]], scopeLabel(r[5]), r[6], r[7], r[8], r[9], r[10], r[11]]
        .join('\n')
        .toLowerCase();
    return r.hay;
  }
  function matchFinding(r) {
    if (filters.status.value && r[2] !== filters.status.value) return false;
    if (filters.severity.value && r[3] !== filters.severity.value) return false;
    if (filters.pillar.value && r[4] !== filters.pillar.value) return false;
    if (filters.control.value && String(r[1]) !== filters.control.value) return false;
    if (filters.scope.value && String(r[5]) !== filters.scope.value) return false;
    var q = filters.search.value.trim().toLowerCase();
    if (q && haystack(r).indexOf(q) < 0) return false;
    return true;
  }
  function renderFinding(r) {
    var tr = el('tr');
    tr.id = 'f-' + r[0];
    tr.appendChild(el('td', r[2].replace('_', ' '), 'status status-' + r[2]));
    tr.appendChild(el('td', r[3], 'sev-' + r[3]));
    tr.appendChild(el('td', data.controls[r[1]]));
    tr.appendChild(el('td', scopeLabel(r[5]) + (r[6] ? ' / ' + r[6] : ''), 'mono'));
    var res = el('td', null, 'mono');
    res.appendChild(el('span', r[8]));
    if (r[9]) {
      res.appendChild(el('br'));
      res.appendChild(el('span', r[9], 'name'));
    }
    tr.appendChild(res);
    var reason = el('td');
    reason.appendChild(el('span', r[10]));
    if (r[11]) reason.appendChild(el('div', r[11], 'waiver'));
    if (r[12].length) {
      var det = el('details');
      det.appendChild(el('summary', r[12].length + ' evidence item' + (r[12].length === 1 ? '' : 's')));
      var ul = el('ul', null, 'evidence');
      r[12].forEach(function (e) {
        var f = data.files[e[0]] || [];
        var li = el('li');
        li.appendChild(el('code', f[0] + (e[1] ? ' ' + e[1] : '')));
        li.appendChild(el('span', ' ' + f[2] + ', collected ' + (f[3] || 'by hand') + ', sha256 '));
        li.appendChild(el('code', f[1]));
        ul.appendChild(li);
      });
      det.appendChild(ul);
      reason.appendChild(det);
    }
    tr.appendChild(reason);
    tr.appendChild(el('td', r[0], 'mono id'));
    return tr;
  }
  var findings = new Pager('f', rows, matchFinding, renderFinding);
  var timer = null;
  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      findings.refresh();
    }, 120);
  }
  ['status', 'severity', 'pillar', 'control', 'scope'].forEach(function (k) {
    filters[k].addEventListener('change', function () {
      findings.refresh();
    });
  });
  filters.search.addEventListener('input', refreshSoon);
  $('f-reset').addEventListener('click', function () {
    Object.keys(filters).forEach(function (k) {
      filters[k].value = '';
    });
    findings.refresh();
  });
  // Links in the scorecard and the scope/control tables narrow the findings table.
  function showFindings(set) {
    Object.keys(filters).forEach(function (k) {
      filters[k].value = '';
    });
    Object.keys(set).forEach(function (k) {
      filters[k].value = set[k];
    });
    findings.refresh();
    $('findings').scrollIntoView();
  }
  document.querySelectorAll('a[data-filter-scope]').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      var i = data.scopes.indexOf(a.getAttribute('data-filter-scope'));
      showFindings({ scope: i < 0 ? '' : String(i), status: a.getAttribute('data-filter-status') || '' });
    });
  });
  document.querySelectorAll('a[data-filter-control]').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      var i = data.controls.indexOf(a.getAttribute('data-filter-control'));
      showFindings({ control: i < 0 ? '' : String(i), status: a.getAttribute('data-filter-status') || '' });
    });
  });
  document.querySelectorAll('a[data-finding]').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      showFindings({ search: a.getAttribute('data-finding') });
    });
  });

  // Evidence appendix: one row per (finding, evidence item).
  var evidenceRows = [];
  rows.forEach(function (r) {
    r[12].forEach(function (e) {
      evidenceRows.push([r[0], data.controls[r[1]], r[2], e[0], e[1]]);
    });
  });
  var eSearch = $('e-search');
  var evidence = new Pager(
    'e',
    evidenceRows,
    function (x) {
      var q = eSearch.value.trim().toLowerCase();
      if (!q) return true;
      var f = data.files[x[3]] || [];
      return [x[0], x[1], f[0], f[1], f[2], x[4]].join('\n').toLowerCase().indexOf(q) >= 0;
    },
    function (x) {
      var f = data.files[x[3]] || [];
      var tr = el('tr');
      tr.appendChild(el('td', x[0], 'mono id'));
      tr.appendChild(el('td', x[1]));
      tr.appendChild(el('td', x[2].replace('_', ' '), 'status status-' + x[2]));
      tr.appendChild(el('td', f[0], 'mono'));
      tr.appendChild(el('td', x[4], 'mono'));
      tr.appendChild(el('td', f[2]));
      tr.appendChild(el('td', f[3] || 'by hand (no manifest)'));
      tr.appendChild(el('td', f[1], 'mono hash'));
      return tr;
    },
  );
  var eTimer = null;
  eSearch.addEventListener('input', function () {
    clearTimeout(eTimer);
    eTimer = setTimeout(function () {
      evidence.refresh();
    }, 120);
  });

  var fromHash = /^#f-([0-9a-f]{16})$/.exec(location.hash);
  if (fromHash) filters.search.value = fromHash[1];
  findings.refresh();
  evidence.refresh();
  document.documentElement.classList.add('js');
})();
