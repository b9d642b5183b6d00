/**
 * The dashboard's pages (part of /assets/app.js): Violations with filters, search, paging,
 * live refresh and a detail page; Images; Policies with an inline SVG chart; Transparency
 * log. Exports fetch the same API list as CSV or JSON.
 */
export const SCRIPT_PAGES = String.raw`
var PAGE_SIZE = 25;
var FILTERS = ['q', 'source', 'action', 'severity', 'policy', 'namespace', 'cluster', 'pipeline', 'image'];
function origin(v) {
  if (v.source === 'check') return 'CI ' + esc(v.pipeline || 'pipeline') + (v.run ? ' <span class="muted">#' + esc(v.run) + '</span>' : '');
  var parts = [v.cluster, v.namespace, v.workload].filter(Boolean).map(esc);
  return (v.source === 'gatekeeper' ? 'Gatekeeper ' : '') + (parts.length ? parts.join(' / ') : '<span class="muted">' + esc(v.source) + '</span>');
}
function select(name, label, values, current) {
  return '<select name="' + name + '" aria-label="' + label + '"><option value="">' + label + ': all</option>' +
    values.map(function (v) { return '<option' + (v === current ? ' selected' : '') + '>' + v + '</option>'; }).join('') + '</select>';
}
function violationsPage(parts, params) {
  if (parts[0]) return violationDetail(parts[0]);
  var filters = {};
  FILTERS.forEach(function (k) { if (params[k]) filters[k] = params[k]; });
  var listPath = function (extra) { return '/api/v1/violations' + query(Object.assign({}, filters, extra)); };
  var chips = Object.keys(filters).filter(function (k) { return ['policy', 'namespace', 'cluster', 'pipeline', 'image'].indexOf(k) !== -1; })
    .map(function (k) { return '<span class="pill">' + esc(k) + ': ' + esc(filters[k]) + ' <a href="#" data-clear="' + esc(k) + '">×</a></span>'; }).join(' ');
  $('#main').innerHTML = header('Violations', 'Every policy a workload or build broke, newest first. <span class="live" id="live">live</span>',
    '<button id="export-csv">Export CSV</button> <button id="export-json">Export JSON</button>') +
    '<div class="panel"><form class="toolbar" id="filters">' +
    '<input type="search" name="q" placeholder="Search image, policy, workload, message…" value="' + esc(filters.q || '') + '">' +
    select('source', 'Source', ['admission', 'gatekeeper', 'check', 'policy-test'], filters.source) +
    select('action', 'Action', ['denied', 'warned', 'failed-build', 'reported'], filters.action) +
    select('severity', 'Severity', ['critical', 'high', 'medium', 'low'], filters.severity) +
    chips + '<span class="spacer"></span><button type="submit">Apply</button></form>' +
    '<div id="rows"></div><div class="pager" id="pager"></div></div>';
  $('#filters').addEventListener('submit', function (e) {
    e.preventDefault();
    var next = Object.assign({}, filters);
    new FormData(e.target).forEach(function (value, key) { next[key] = value; });
    go('violations', next);
  });
  $('#filters').querySelectorAll('select').forEach(function (s) { s.addEventListener('change', function () { $('#filters').requestSubmit(); }); });
  $('#filters').querySelectorAll('[data-clear]').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); var next = Object.assign({}, filters); delete next[a.dataset.clear]; go('violations', next); });
  });
  $('#export-csv').addEventListener('click', function () { download(listPath({ format: 'csv' }), 'signet-violations.csv').catch(failure); });
  $('#export-json').addEventListener('click', function () { exportJson(listPath({ limit: 1000 }), 'signet-violations.json').catch(failure); });
  var before = params.before || null;
  var history = params.back ? params.back.split(',') : [];
  function render(page) {
    var rows = page.items.map(function (v) {
      return '<tr class="link" data-id="' + v.id + '"><td>' + esc(when(v.time)) + '<div class="muted">' + esc(ago(v.time)) + '</div></td>' +
        '<td>' + origin(v) + '</td><td class="mono">' + esc(v.image) + '</td><td>' + esc(v.policy) + '</td>' +
        '<td>' + pill(v.severity) + '</td><td>' + pill(v.action) + '</td></tr>';
    }).join('');
    $('#rows').innerHTML = page.items.length === 0 ? '<div class="empty">No violations match.</div>' :
      '<table><thead><tr><th>Time</th><th>Source</th><th>Image</th><th>Policy</th><th>Severity</th><th>Action</th></tr></thead><tbody>' + rows + '</tbody></table>';
    $('#rows').querySelectorAll('tr.link').forEach(function (tr) { tr.addEventListener('click', function () { go('violations/' + tr.dataset.id); }); });
    $('#pager').innerHTML = '<span>' + page.items.length + ' shown</span><span>' +
      '<button id="newer"' + (before ? '' : ' disabled') + '>← Newer</button> <button id="older"' + (page.next ? '' : ' disabled') + '>Older →</button></span>';
    $('#newer').addEventListener('click', function () {
      var back = history.slice(0, -1);
      go('violations', Object.assign({}, filters, { before: history[history.length - 1] || null, back: back.join(',') || null }));
    });
    $('#older').addEventListener('click', function () {
      go('violations', Object.assign({}, filters, { before: page.next, back: history.concat([before || '']).filter(Boolean).join(',') || null }));
    });
  }
  var load = function () { return api(listPath({ limit: PAGE_SIZE, before: before })).then(render); };
  return load().then(function () {
    if (before) { $('#live').textContent = 'paused on an older page'; $('#live').className = 'muted'; } else poll(function () { load().catch(failure); }, 500);
  });
}
function fact(label, value) { return value == null || value === '' ? '' : '<dt>' + esc(label) + '</dt><dd>' + value + '</dd>'; }
function violationDetail(id) {
  return api('/api/v1/violations/' + encodeURIComponent(id)).then(function (v) {
    return api('/api/v1/decisions/' + v.decisionId).then(function (d) { return [v, d]; }, function () { return [v, null]; });
  }).then(function (pair) {
    var v = pair[0], d = pair[1];
    var messages = v.messages.map(function (m) { return '<li>' + esc(m) + '</li>'; }).join('');
    $('#main').innerHTML = header(v.policy, pill(v.action) + ' ' + pill(v.severity) + ' · ' + esc(when(v.time)),
      '<a class="button" href="#/violations">← All violations</a>') +
      '<div class="panel"><h2>Why</h2>' +
      (v.description ? '<div class="prose">' + esc(v.description) + '</div>' : '') +
      '<div class="callout" id="rationale"><strong>Rationale.</strong> ' + esc(v.rationale || 'The policy states no rationale; the messages below say what failed.') + '</div>' +
      '<div class="callout fix" id="remediation"><strong>Remediation.</strong> ' + esc(v.remediation || 'Make the image satisfy the policy (for a signature policy: sign it with a key or identity the policy trusts), or change the policy.') + '</div>' +
      '<div class="prose"><strong>Messages</strong><ul>' + messages + '</ul></div></div>' +
      '<div class="panel"><h2>Where</h2><dl class="facts">' +
      fact('Image', '<span class="mono">' + esc(v.image) + '</span>') + fact('Digest', v.digest ? '<span class="mono">' + esc(v.digest) + '</span>' : '') +
      fact('Source', esc(v.source)) + fact('Cluster', esc(v.cluster)) + fact('Namespace', esc(v.namespace)) + fact('Workload', esc(v.workload)) +
      fact('Pipeline', esc(v.pipeline)) + fact('Run', esc(v.run)) + fact('Enforced', v.enforced ? 'yes (blocks)' : 'no (reported only)') +
      fact('Categories', v.categories.map(esc).join(', ')) +
      fact('Decision', d ? '#' + d.id + ' · ' + pill(d.outcome) + ' · ' + d.images.length + ' image(s)' + (d.policyRevision ? ' · policy revision <span class="mono">' + esc(d.policyRevision) + '</span>' : '') : '') +
      '</dl></div>' +
      '<a class="button" href="#/violations?image=' + encodeURIComponent(v.image) + '">Other violations of this image</a> ' +
      '<a class="button" href="#/violations?policy=' + encodeURIComponent(v.policy) + '">Other violations of this policy</a>';
  });
}
// The newest evidence summary a sender stated for the image (decisions come newest first).
function evidencePanel(decisions, image) {
  var found = null;
  decisions.some(function (d) { return d.images.some(function (i) { if (i.image === image && i.evidence) { found = { d: d, e: i.evidence }; } return found !== null; }); });
  if (found === null) return '<div class="panel" id="image-evidence"><h2>Evidence</h2><div class="empty">No evidence summary recorded: the senders of its decisions did not state one.</div></div>';
  var e = found.e, v = e.vulnerabilities;
  // Who signed first (the key, Secret or certificate identity), then where it was read and its log entry.
  var signed = function (list, what) { return list ? (list.length === 0 ? 'none' : list.map(function (x) { return '<span class="signer">' + (x.signer ? '<span class="mono">' + esc(x.signer) + '</span>' : '<span class="muted">signer not stated</span>') + ' · ' + what(x) + '</span>'; }).join('<br>')) : null; };
  return '<div class="panel" id="image-evidence"><h2>Evidence</h2><dl class="facts">' +
    fact('Signatures', signed(e.signatures, function (s) { return esc(s.layout || 'signature') + (s.logIndex != null ? ' · <a href="#/tlog">log entry ' + s.logIndex + '</a>' : ' · no verified log entry'); })) +
    fact('Attestations', signed(e.attestations, function (a) { return '<span class="mono">' + esc(a.predicateType) + '</span>'; })) +
    fact('SBOM', e.sbom ? (e.sbom.present ? 'attached' + (e.sbom.format ? ' (' + esc(e.sbom.format) + ')' : '') : 'none attached') : null) +
    fact('Vulnerabilities', v ? v.critical + ' critical, ' + v.high + ' high, ' + v.medium + ' medium, ' + v.low + ' low; ' + v.fixable + ' fixable' : 'no report') +
    fact('Stated by', '#' + found.d.id + ' · ' + esc(found.d.source) + (found.d.pipeline ? ' ' + esc(found.d.pipeline) : '') + ' · ' + esc(when(found.d.time))) +
    '</dl></div>';
}
function imageDetail(image) {
  return api('/api/v1/decisions' + query({ image: image, limit: 20 })).then(function (page) {
    var decisions = page.items;
    var digests = [];
    decisions.forEach(function (d) { d.images.forEach(function (i) { if (i.image === image && i.digest && digests.indexOf(i.digest) === -1) digests.push(i.digest); }); });
    var rows = decisions.map(function (d) {
      var mine = d.images.filter(function (i) { return i.image === image; })[0] || { reasons: [] };
      var where = d.source === 'check' ? 'CI ' + esc(d.pipeline || '') : [d.cluster, d.namespace, d.kind && d.name ? d.kind + '/' + d.name : null].filter(Boolean).map(esc).join(' / ');
      return '<tr><td>' + esc(when(d.time)) + '</td><td>' + esc(d.source) + '</td><td>' + where + '</td><td>' + pill(d.outcome) + '</td><td>' + esc(mine.reasons[0] || '') + '</td></tr>';
    }).join('');
    $('#main').innerHTML = header(image, digests.length ? '<span class="mono">' + digests.map(esc).join(', ') + '</span>' : 'digest not resolved',
      '<a class="button" href="#/images">← All images</a> <a class="button" href="#/violations?image=' + encodeURIComponent(image) + '">Violations</a>') +
      evidencePanel(decisions, image) +
      '<div class="panel"><h2>Last decisions</h2>' + (decisions.length === 0 ? '<div class="empty">No decisions recorded.</div>' :
        '<table id="image-decisions"><thead><tr><th>Time</th><th>Source</th><th>Where</th><th>Outcome</th><th>Reason</th></tr></thead><tbody>' + rows + '</tbody></table>') + '</div>';
  });
}
function imagesPage(parts, params) {
  if (parts[0]) return imageDetail(decodeURIComponent(parts[0]));
  var q = params.q || '';
  var path = function (extra) { return '/api/v1/images' + query(Object.assign({ q: q }, extra)); };
  return api(path({ limit: 200 })).then(function (page) {
    var rows = page.items.map(function (i) {
      return '<tr class="link" data-image="' + esc(i.image) + '"><td class="mono">' + esc(i.image) + '</td><td class="mono">' + (i.digests.map(esc).join('<br>') || '<span class="muted">unresolved</span>') + '</td>' +
        '<td>' + i.decisions + '</td><td>' + (i.denied ? pill(String(i.denied), 'denied') : '0') + '</td><td>' + i.violations + '</td><td>' + esc(ago(i.lastSeen)) + '</td></tr>';
    }).join('');
    $('#main').innerHTML = header('Images', 'Images seen by admission and CI, most recently seen first.',
      '<button id="export-csv">Export CSV</button> <button id="export-json">Export JSON</button>') +
      '<div class="panel"><form class="toolbar" id="filters"><input type="search" name="q" placeholder="Search images…" value="' + esc(q) + '"><button type="submit">Search</button></form>' +
      (page.items.length === 0 ? '<div class="empty">No images recorded yet.</div>' :
        '<table><thead><tr><th>Image</th><th>Digest</th><th>Decisions</th><th>Refused</th><th>Violations</th><th>Last seen</th></tr></thead><tbody>' + rows + '</tbody></table>') + '</div>';
    $('#filters').addEventListener('submit', function (e) { e.preventDefault(); go('images', { q: e.target.q.value }); });
    $('#main').querySelectorAll('tr.link').forEach(function (tr) { tr.addEventListener('click', function () { go('images/' + encodeURIComponent(tr.dataset.image)); }); });
    $('#export-csv').addEventListener('click', function () { download(path({ format: 'csv' }), 'signet-images.csv').catch(failure); });
    $('#export-json').addEventListener('click', function () { exportJson(path({ limit: 1000 }), 'signet-images.json').catch(failure); });
  });
}
var COLOURS = ['#2563eb', '#dc2626', '#d97706', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d'];
function chart(report) {
  var width = 900, height = 240, left = 40, bottom = 28, top = 12;
  var n = report.buckets.length, shown = report.policies.slice(0, COLOURS.length);
  var max = 1;
  for (var b = 0; b < n; b++) {
    var sum = 0; shown.forEach(function (p) { sum += p.series[b]; }); max = Math.max(max, sum);
  }
  var step = (width - left - 10) / n, barW = Math.max(2, step * 0.7), svg = '';
  for (var g = 0; g <= 4; g++) {
    var y = top + (height - top - bottom) * (1 - g / 4);
    svg += '<line x1="' + left + '" x2="' + width + '" y1="' + y + '" y2="' + y + '" stroke="#e2e8f0"/>' +
      '<text x="' + (left - 6) + '" y="' + (y + 4) + '" text-anchor="end" font-size="11" fill="#64748b">' + Math.round(max * g / 4) + '</text>';
  }
  for (var i = 0; i < n; i++) {
    var x = left + i * step + (step - barW) / 2, base = height - bottom;
    shown.forEach(function (p, k) {
      var h = (height - top - bottom) * p.series[i] / max;
      if (h > 0) {
        svg += '<rect x="' + x.toFixed(1) + '" y="' + (base - h).toFixed(1) + '" width="' + barW.toFixed(1) + '" height="' + h.toFixed(1) + '" fill="' + COLOURS[k] + '"><title>' + esc(p.policy) + ': ' + p.series[i] + '</title></rect>';
        base -= h;
      }
    });
    if (i % Math.ceil(n / 10) === 0) {
      var d = new Date(report.buckets[i]);
      var label = report.bucketMs < 86400000 ? d.getHours() + ':00' : (d.getMonth() + 1) + '/' + d.getDate();
      svg += '<text x="' + (x + barW / 2).toFixed(1) + '" y="' + (height - 8) + '" text-anchor="middle" font-size="11" fill="#64748b">' + label + '</text>';
    }
  }
  return '<svg viewBox="0 0 ' + width + ' ' + height + '" role="img" aria-label="Violations per policy over time">' + svg + '</svg>' +
    '<div class="legend">' + shown.map(function (p, k) { return '<span><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" rx="2" fill="' + COLOURS[k] + '"/></svg> ' + esc(p.policy) + '</span>'; }).join('') + '</div>';
}
function policiesPage(parts, params) {
  var days = params.days || '14';
  return api('/api/v1/policies' + query({ days: days, bucket: days === '1' ? 'hour' : 'day' })).then(function (report) {
    var names = (report.loaded || []).slice();
    report.policies.forEach(function (p) { if (names.indexOf(p.policy) === -1) names.push(p.policy); });
    var count = function (name) { var p = report.policies.filter(function (x) { return x.policy === name; })[0]; return p ? p.violations : 0; };
    names.sort(function (a, b) { return count(b) - count(a) || (a < b ? -1 : 1); });
    var rows = names.map(function (name) {
      var p = report.policies.filter(function (x) { return x.policy === name; })[0];
      var loaded = report.loaded ? (report.loaded.indexOf(name) !== -1 ? pill('loaded', 'ok') : pill('not loaded')) : '<span class="muted">—</span>';
      return '<tr class="link" data-policy="' + esc(name) + '"><td>' + esc(name) + '</td><td>' + loaded + '</td><td>' + (p ? p.violations : 0) + '</td><td>' + (p ? esc(ago(p.lastSeen)) : '<span class="muted">never</span>') + '</td></tr>';
    }).join('');
    $('#main').innerHTML = header('Policies', 'Violations per policy over the last ' + esc(days) + ' day(s).',
      '<select id="days" aria-label="Span">' + ['1', '7', '14', '30', '90'].map(function (d) { return '<option value="' + d + '"' + (d === days ? ' selected' : '') + '>' + d + ' day' + (d === '1' ? '' : 's') + '</option>'; }).join('') + '</select>') +
      '<div class="panel"><h2>Violations over time</h2><div class="chart">' + chart(report) + '</div></div>' +
      '<div class="panel"><h2>Policies</h2>' + (names.length === 0 ? '<div class="empty">No policy loaded or violated yet.</div>' :
        '<table><thead><tr><th>Policy</th><th>Webhook</th><th>Violations</th><th>Last violation</th></tr></thead><tbody>' + rows + '</tbody></table>') + '</div>';
    $('#days').addEventListener('change', function (e) { go('policies', { days: e.target.value }); });
    $('#main').querySelectorAll('tr.link').forEach(function (tr) { tr.addEventListener('click', function () { go('violations', { policy: tr.dataset.policy }); }); });
  });
}
function tlogPage() {
  return api('/api/v1/tlog').then(function (s) {
    if (!s.configured) {
      $('#main').innerHTML = header('Transparency log') + '<div class="panel"><div class="empty">No transparency log is configured. Start the server with <span class="mono">--tlog</span> to run one in this process, or <span class="mono">--tlog-url</span> to show another.</div></div>';
      return;
    }
    var rows = s.entries.map(function (e) {
      return '<tr><td>' + e.logIndex + '</td><td class="mono">' + esc(e.uuid) + '</td><td>' + esc(e.kind) + '</td><td>' + esc(when(e.integratedTime)) + '</td></tr>';
    }).join('');
    $('#main').innerHTML = header('Transparency log', '<span class="mono">' + esc(s.url) + '</span>') +
      '<div class="cards"><div class="card"><div class="label">Tree size</div><div class="value" id="tree-size">' + s.treeSize + '</div></div>' +
      '<div class="card"><div class="label">Monitor</div><div class="value">' + pill(s.monitor.status) + '</div><div class="muted">' + esc(s.monitor.message) + '</div></div>' +
      '<div class="card"><div class="label">Root hash</div><div class="mono">' + esc(s.rootHash) + '</div></div></div>' +
      '<div class="panel"><h2>Latest checkpoint</h2><pre class="checkpoint">' + esc(s.checkpoint) + '</pre></div>' +
      '<div class="panel"><h2>Newest entries</h2>' + (s.entries.length === 0 ? '<div class="empty">The log is empty.</div>' :
        '<table><thead><tr><th>Index</th><th>UUID</th><th>Kind</th><th>Integrated</th></tr></thead><tbody>' + rows + '</tbody></table>') + '</div>';
  });
}
var PAGES = { violations: violationsPage, images: imagesPage, policies: policiesPage, tlog: tlogPage };
`;
