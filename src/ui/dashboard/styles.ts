/**
 * The dashboard's stylesheet, served from /assets/app.css: system fonts only, no web
 * fonts or CDN, so the page renders the same offline and in air-gapped clusters.
 */
export const DASHBOARD_CSS = String.raw`
:root {
  --bg: #f5f7fa; --panel: #ffffff; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0;
  --nav: #0b1324; --nav-ink: #cbd5e1; --accent: #2563eb; --accent-soft: #dbeafe;
  --red: #b91c1c; --red-soft: #fee2e2; --orange: #c2410c; --orange-soft: #ffedd5;
  --amber: #a16207; --amber-soft: #fef3c7; --green: #15803d; --green-soft: #dcfce7;
  --slate-soft: #f1f5f9; --purple: #7e22ce; --purple-soft: #f3e8ff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; display: grid; grid-template-columns: 220px 1fr; min-height: 100vh; }
nav { background: var(--nav); color: var(--nav-ink); padding: 20px 12px; position: sticky; top: 0; height: 100vh; }
nav .brand { display: flex; align-items: center; gap: 10px; color: #fff; font-weight: 650; font-size: 17px; padding: 0 10px 22px; }
nav .brand svg { width: 26px; height: 26px; }
nav a { display: block; color: var(--nav-ink); text-decoration: none; padding: 8px 12px; border-radius: 6px; margin: 2px 0; }
nav a:hover { background: #1e293b; color: #fff; }
nav a.active { background: #1d4ed8; color: #fff; }
nav .foot { position: absolute; bottom: 18px; left: 22px; right: 22px; font-size: 12px; color: #64748b; }
main { padding: 24px 32px 48px; min-width: 0; }
header.page { display: flex; align-items: center; justify-content: space-between; gap: 16px; margin-bottom: 18px; }
header.page h1 { font-size: 22px; margin: 0; font-weight: 650; }
header.page .sub { color: var(--muted); font-size: 13px; margin-top: 2px; }
.pill { display: inline-block; padding: 2px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; background: var(--slate-soft); color: var(--muted); white-space: nowrap; }
.pill.denied, .pill.critical { background: var(--red-soft); color: var(--red); }
.pill.failed-build { background: var(--purple-soft); color: var(--purple); }
.pill.high { background: var(--orange-soft); color: var(--orange); }
.pill.warned, .pill.medium { background: var(--amber-soft); color: var(--amber); }
.pill.allowed, .pill.ok, .pill.grew { background: var(--green-soft); color: var(--green); }
.pill.shrank, .pill.unreachable { background: var(--red-soft); color: var(--red); }
.pill.role { background: var(--accent-soft); color: var(--accent); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 14px; margin-bottom: 18px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 24px; font-weight: 650; margin-top: 4px; word-break: break-all; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; margin-bottom: 18px; }
.panel h2 { font-size: 15px; margin: 0; padding: 14px 16px; border-bottom: 1px solid var(--line); }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 12px 16px; border-bottom: 1px solid var(--line); background: #fbfcfe; }
.toolbar input, .toolbar select { font: inherit; padding: 6px 9px; border: 1px solid #cbd5e1; border-radius: 6px; background: #fff; color: var(--ink); }
.toolbar input[type=search] { min-width: 240px; }
.toolbar .spacer { flex: 1; }
button, .button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #cbd5e1; background: #fff; color: var(--ink); cursor: pointer; text-decoration: none; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:disabled { opacity: .5; cursor: default; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 9px 16px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #fbfcfe; position: sticky; top: 0; }
tbody tr:hover { background: #f8fafc; }
tbody tr.link { cursor: pointer; }
td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; word-break: break-all; }
td .muted, .muted { color: var(--muted); }
.empty { padding: 36px 16px; text-align: center; color: var(--muted); }
.pager { display: flex; justify-content: space-between; align-items: center; padding: 10px 16px; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: 180px 1fr; margin: 0; }
dl.facts dt, dl.facts dd { padding: 9px 16px; border-bottom: 1px solid var(--line); margin: 0; }
dl.facts dt { color: var(--muted); }
.prose { padding: 14px 16px; white-space: pre-wrap; }
.callout { border-left: 4px solid var(--accent); background: #f8fbff; padding: 12px 16px; margin: 12px 16px; border-radius: 4px; }
.callout.fix { border-color: var(--green); background: #f6fdf8; }
pre.checkpoint { margin: 0; padding: 14px 16px; background: #0f172a; color: #e2e8f0; font-size: 12.5px; overflow-x: auto; }
.chart { padding: 12px 16px 4px; }
.chart > svg { width: 100%; height: auto; display: block; }
.legend svg { display: inline-block; vertical-align: -1px; }
header.page select { font: inherit; padding: 6px 9px; border: 1px solid #cbd5e1; border-radius: 6px; background: #fff; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; padding: 0 16px 14px; font-size: 12.5px; }
.signin { max-width: 420px; margin: 12vh auto; }
.signin .panel { padding: 22px; }
.signin input { width: 100%; font: inherit; padding: 8px 10px; border: 1px solid #cbd5e1; border-radius: 6px; margin: 10px 0 14px; }
.error { color: var(--red); margin: 8px 0; }
.live { font-size: 12px; color: var(--green); }
.live::before { content: "●"; margin-right: 5px; }
a { color: var(--accent); }
`;
