/**
 * Serves the dashboard: the page at `/` and its three assets. A strict Content Security
 * Policy allows only this origin's script and style, so an image name or message an
 * attacker placed in a record cannot run as script even if escaping were missed.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DASHBOARD_HTML, LOGO_SVG } from './page.js';
import { DASHBOARD_SCRIPT } from './script.js';
import { DASHBOARD_CSS } from './styles.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function send(reply: FastifyReply, type: string, body: string) {
  return reply
    .type(type)
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .send(body);
}

export function registerDashboardRoutes(app: FastifyInstance): void {
  app.get('/', (_request, reply) => send(reply, 'text/html; charset=utf-8', DASHBOARD_HTML));
  app.get('/assets/app.css', (_request, reply) =>
    send(reply, 'text/css; charset=utf-8', DASHBOARD_CSS),
  );
  app.get('/assets/app.js', (_request, reply) =>
    send(reply, 'text/javascript; charset=utf-8', DASHBOARD_SCRIPT),
  );
  app.get('/assets/logo.svg', (_request, reply) => send(reply, 'image/svg+xml', LOGO_SVG));
}
