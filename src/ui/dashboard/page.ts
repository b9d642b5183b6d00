/**
 * The dashboard's one HTML page: a navigation, an empty main element the script fills,
 * and links to the stylesheet and script served beside it. Nothing is fetched from
 * anywhere else, so it works offline.
 */
export const LOGO_SVG =
  '<svg viewBox="0 0 32 32" aria-hidden="true"><path d="M16 2 4 7v8c0 7.2 5.1 13.4 12 15 6.9-1.6 12-7.8 12-15V7L16 2z" fill="#2563eb"/><path d="m11 16 3.5 3.5L21.5 12" stroke="#fff" stroke-width="2.6" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>';

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Signet</title>
<link rel="icon" href="/assets/logo.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<nav>
  <div class="brand">${LOGO_SVG}<span>Signet</span></div>
  <a href="#/violations" data-page="violations">Violations</a>
  <a href="#/images" data-page="images">Images</a>
  <a href="#/policies" data-page="policies">Policies</a>
  <a href="#/tlog" data-page="tlog">Transparency log</a>
  <div class="foot" id="who"></div>
</nav>
<main id="main"><div class="empty">Loading…</div></main>
</body>
</html>
`;
