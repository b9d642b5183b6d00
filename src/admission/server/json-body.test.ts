import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { REVIEW_JSON_BOUNDS, useBoundedReviewBodies } from './json-body.js';

/** A fastify app with the bounded parser that echoes what it parsed. */
async function echoServer() {
  const app = Fastify({ logger: false });
  useBoundedReviewBodies(app, { ...REVIEW_JSON_BOUNDS, maxDepth: 8, maxValues: 50 });
  app.post('/', (request) => ({ parsed: request.body }));
  await app.ready();
  return app;
}

const post = async (payload: string, contentType = 'application/json') => {
  const app = await echoServer();
  try {
    const answer = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': contentType },
      payload,
    });
    return { status: answer.statusCode, body: answer.json<Record<string, unknown>>() };
  } finally {
    await app.close();
  }
};

describe('bounded JSON request bodies', () => {
  it('hands a body within the bounds to the route, whatever the charset parameter', async () => {
    const answer = await post('{"a":[1,2]}', 'application/json; charset=utf-8');
    assert.deepEqual(answer, { status: 200, body: { parsed: { a: [1, 2] } } });
  });

  const refused: Array<[string, string, RegExp]> = [
    ['nested past the depth bound', `${'['.repeat(9)}${']'.repeat(9)}`, /nests deeper than 8/],
    ['holding too many values', `[${'0,'.repeat(60)}0]`, /holds more than 50 values/],
    ['that is not JSON', '{"apiVersion": ', /invalid JSON/],
    ['that is empty', '', /invalid JSON/],
  ];
  for (const [name, payload, expected] of refused) {
    it(`answers 400 ADMISSION_REVIEW_INVALID to a body ${name}`, async () => {
      const { status, body } = await post(payload);
      assert.equal(status, 400);
      assert.match(String(body['message']), expected);
    });
  }
});
