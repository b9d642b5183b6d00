/** Log routes of the Rekor v1 API: log info, consistency proof, public key. */
import type { FastifyInstance } from 'fastify';
import { hexOf } from '../merkle/index.js';
import type { LogService } from './log-service.js';
import { tlogServerError } from './errors.js';
import { checkTreeIdParameter, countParameter } from './query-parsing.js';

export function registerLogRoutes(app: FastifyInstance, log: LogService): void {
  app.get('/api/v1/log', () => {
    const latest = log.latest;
    return {
      rootHash: hexOf(latest.rootHash),
      treeSize: latest.size,
      signedTreeHead: latest.note,
      treeID: log.identity.treeId,
      inactiveShards: [],
    };
  });

  app.get('/api/v1/log/proof', async (request) => {
    const query = request.query as Record<string, unknown>;
    checkTreeIdParameter(query.treeID, log.identity.treeId);
    const firstSize = countParameter(query.firstSize, 'firstSize', 1, 1);
    const lastSize = countParameter(query.lastSize, 'lastSize', 1);
    const current = log.latest.size;
    if (lastSize > current) {
      throw tlogServerError(
        'TLOG_REQUEST_INVALID',
        `the tree size requested(${lastSize}) was greater than what is currently observable(${current})`,
      );
    }
    if (firstSize > lastSize) {
      throw tlogServerError(
        'TLOG_REQUEST_INVALID',
        `firstSize(${firstSize}) must be less than or equal to lastSize(${lastSize})`,
      );
    }
    const { rootHash, hashes } = await log.consistency(firstSize, lastSize);
    return { rootHash: hexOf(rootHash), hashes: hashes.map(hexOf) };
  });

  app.get('/api/v1/log/publicKey', (request, reply) => {
    checkTreeIdParameter((request.query as Record<string, unknown>).treeID, log.identity.treeId);
    return reply
      .type('application/x-pem-file')
      .send(log.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  });
}
