/** Liveness, the OpenAPI document and the caller's role (the dashboard asks it on sign-in). */
import type { FastifyInstance } from 'fastify';
import { OPENAPI_DOCUMENT } from '../openapi/document.js';
import type { ApiContext } from './context.js';

export function registerMetaRoutes(app: FastifyInstance, context: ApiContext): void {
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/api/openapi.json', () => OPENAPI_DOCUMENT);
  app.get('/api/v1/whoami', (request) => ({
    role: context.access(request, 'viewer')?.role ?? 'anonymous',
  }));
}
