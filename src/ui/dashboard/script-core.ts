/**
 * The dashboard script's core (served as part of /assets/app.js): escaping, API calls with
 * the signed-in token, hash routing, sign-in, polling and downloads. Plain ES5-style DOM
 * code kept as text because it runs in the browser, not in Node; every value from the API
 * is escaped before it reaches innerHTML.
 */
export const SCRIPT_CORE = String.raw`
'use strict';
/* Signet dashboard: plain DOM code, no framework, no network beyond this origin. */
var TOKEN_KEY = 'signet-token';
var state = { role: null, timer: null };

function $(selector, root) { return (root || document).querySelector(selector); }
function esc(value) {
  return String(value == null ? '' : value).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}
function pill(value, extra) {
  if (value == null || value === '') return '<span class="muted">—</span>';
  return '<span class="pill ' + esc(extra || value) + '">' + esc(value) + '</span>';
}
function when(iso) {
  var d = new Date(iso);
  var pad = function (n) { return n < 10 ? '0' + n : String(n); };
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
    pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}
function ago(iso) {
  var s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}
function token() { return sessionStorage.getItem(TOKEN_KEY); }
function headers() {
  var t = token();
  return t ? { Authorization: 'Bearer ' + t } : {};
}
function api(path) {
  return fetch(path, { headers: headers() }).then(function (response) {
    if (response.status === 401) { signIn('Your token was not accepted; sign in again.'); throw new Error('unauthenticated'); }
    return response.json().then(function (body) {
      if (!response.ok) throw new Error(body.message || ('HTTP ' + response.status));
      return body;
    });
  });
}
function download(path, name) {
  return fetch(path, { headers: headers() }).then(function (response) {
    if (!response.ok) throw new Error('export failed: HTTP ' + response.status);
    return response.blob();
  }).then(function (blob) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });
}
function exportJson(path, name) {
  return api(path).then(function (page) {
    var blob = new Blob([JSON.stringify(page.items, null, 2)], { type: 'application/json' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });
}
function query(params) {
  var parts = [];
  Object.keys(params).forEach(function (k) {
    if (params[k] != null && params[k] !== '') parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(params[k]));
  });
  return parts.length ? '?' + parts.join('&') : '';
}
function parseHash() {
  var hash = location.hash.replace(/^#\/?/, '');
  var q = hash.indexOf('?');
  var path = q === -1 ? hash : hash.slice(0, q);
  var params = {};
  if (q !== -1) {
    hash.slice(q + 1).split('&').forEach(function (pair) {
      var i = pair.indexOf('=');
      if (i > 0) params[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
    });
  }
  return { parts: path.split('/').filter(Boolean), params: params };
}
function go(path, params) { location.hash = '#/' + path + query(params || {}); }
function header(title, sub, tools) {
  return '<header class="page"><div><h1>' + esc(title) + '</h1>' +
    (sub ? '<div class="sub">' + sub + '</div>' : '') + '</div><div>' + (tools || '') + '</div></header>';
}
function failure(error) {
  if (error && error.message === 'unauthenticated') return;
  $('#main').innerHTML = header('Something went wrong') +
    '<div class="panel"><div class="prose error">' + esc(error && error.message) + '</div></div>';
}
function signIn(message) {
  stopPolling();
  sessionStorage.removeItem(TOKEN_KEY);
  $('#who').textContent = '';
  $('#main').innerHTML = '<div class="signin"><div class="panel"><h1>Sign in to Signet</h1>' +
    '<p class="muted">Paste an API token from the server\'s token file. Viewer tokens can read; writer and admin tokens can also record.</p>' +
    (message ? '<div class="error" id="signin-error">' + esc(message) + '</div>' : '') +
    '<form id="signin"><label for="token">API token</label><input id="token" type="password" autocomplete="off" required>' +
    '<button class="primary" type="submit">Sign in</button></form></div></div>';
  $('#signin').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('#token').value.trim());
    start();
  });
}
function stopPolling() { if (state.timer) { clearInterval(state.timer); state.timer = null; } }
function poll(fn, ms) { stopPolling(); state.timer = setInterval(function () { if (!document.hidden) fn(); }, ms); }
function route() {
  stopPolling();
  var where = parseHash();
  var page = where.parts[0] || 'violations';
  document.querySelectorAll('nav a').forEach(function (a) { a.classList.toggle('active', a.dataset.page === page); });
  var view = PAGES[page];
  if (!view) { go('violations'); return; }
  Promise.resolve().then(function () { return view(where.parts.slice(1), where.params); }).catch(failure);
}
function start() {
  fetch('/api/v1/whoami', { headers: headers() }).then(function (response) {
    if (response.status === 401) { signIn(token() ? 'That token was not accepted.' : ''); return; }
    return response.json().then(function (body) {
      state.role = body.role;
      $('#who').innerHTML = 'Signed in as ' + pill(body.role, 'role') +
        (token() ? ' · <a href="#" id="signout">sign out</a>' : '');
      var out = $('#signout');
      if (out) out.addEventListener('click', function (e) { e.preventDefault(); signIn(''); });
      route();
    });
  }).catch(failure);
}
window.addEventListener('hashchange', function () { if (state.role) route(); });
document.addEventListener('DOMContentLoaded', start);
`;
