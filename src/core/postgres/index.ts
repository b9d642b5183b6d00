export { createPostgresPool, POSTGRES_TIMEOUT_MS } from './pool.js';
