import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../src/core/errors.js';
import { Agent, fetch as fetchWith } from 'undici';
import { loopbackServingCertificate } from '../../src/testing/kube-cluster-certs.js';
import { OPENAPI_DOCUMENT } from '../../src/ui/openapi/document.js';
import {
  assertDocumented,
  call,
  failedCheckReport,
  startApi,
  TOKENS,
  type RunningApi,
} from './api-harness.js';

describe('Signet API', () => {
  let api: RunningApi;
  let base: string;

  before(async () => {
    api = await startApi();
    base = api.server.url;
  });
  after(() => api.close());

  it('records a CI check report and lists its violations as the OpenAPI document says', async () => {
    const created = await call(base, 'POST', '/api/v1/check-results', {
      role: 'writer',
      body: failedCheckReport('registry.example/api:2'),
    });
    assert.equal(created.status, 201);
    assertDocumented('/api/v1/check-results', 'post', created);

    const list = await call(base, 'GET', '/api/v1/violations?pipeline=release', { role: 'viewer' });
    assertDocumented('/api/v1/violations', 'get', list);
    assert.deepEqual(list.body.items.map((v: { policy: string }) => v.policy).sort(), [
      'No latest tag',
      'Trusted signature',
    ]);
    const enforced = list.body.items.find((v: { enforced: boolean }) => v.enforced);
    assert.equal(enforced.action, 'failed-build');
    assert.equal(enforced.run, '1042');

    const one = await call(base, 'GET', `/api/v1/violations/${enforced.id}`, { role: 'viewer' });
    assertDocumented('/api/v1/violations/{id}', 'get', one);
    assert.match(one.body.remediation, /signet sign/);
    const decision = await call(base, 'GET', `/api/v1/decisions/${created.body.id}`, {
      role: 'viewer',
    });
    assertDocumented('/api/v1/decisions/{id}', 'get', decision);
    assert.equal(decision.body.outcome, 'denied');
  });

  it('records a decision from a webhook elsewhere and answers every read route as documented', async () => {
    const created = await call(base, 'POST', '/api/v1/decisions', {
      role: 'writer',
      body: {
        source: 'admission',
        outcome: 'denied',
        cluster: 'edge-1',
        namespace: 'shop',
        kind: 'Pod',
        name: 'cart',
        images: [
          {
            image: 'evil.example/miner:1',
            allowed: false,
            reasons: [
              'image evil.example/miner:1 is not allowed by policy "signed": no signatures found',
            ],
          },
        ],
      },
    });
    assert.equal(created.status, 201);
    assertDocumented('/api/v1/decisions', 'post', created);
    const reads: [string, string][] = [
      ['/healthz', '/healthz'],
      ['/api/v1/whoami', '/api/v1/whoami'],
      ['/api/v1/violations', '/api/v1/violations?cluster=edge-1&q=MINER&limit=5'],
      ['/api/v1/violations', '/api/v1/violations?format=csv'],
      ['/api/v1/decisions', '/api/v1/decisions?outcome=denied&limit=1'],
      ['/api/v1/images', '/api/v1/images'],
      ['/api/v1/images', '/api/v1/images?format=csv&q=evil'],
      ['/api/v1/policies', '/api/v1/policies?days=1&bucket=hour'],
      ['/api/v1/tlog', '/api/v1/tlog'],
    ];
    for (const [route, path] of reads) {
      const answer = await call(base, 'GET', path, { role: 'viewer' });
      assert.equal(answer.status, 200, `${path}: ${answer.text}`);
      assertDocumented(route, 'get', answer);
    }
    const edge = await call(base, 'GET', '/api/v1/violations?cluster=edge-1', { role: 'viewer' });
    assert.equal(edge.body.items[0].policy, 'signed');
    assert.equal(edge.body.items[0].workload, 'Pod/cart');
    const csv = await call(base, 'GET', '/api/v1/violations?format=csv&cluster=edge-1', {
      role: 'viewer',
    });
    assert.match(csv.text, /^"id","time","source"/);
    assert.match(csv.text, /"evil\.example\/miner:1"/);
  });

  it('pages with next until the last page', async () => {
    for (let i = 0; i < 5; i++) {
      await call(base, 'POST', '/api/v1/check-results', {
        role: 'writer',
        body: failedCheckReport(`registry.example/page:${i}`, 'paging'),
      });
    }
    const ids: number[] = [];
    let next: string | null = '';
    while (next !== null) {
      const page = await call(
        base,
        'GET',
        `/api/v1/violations?pipeline=paging&limit=3${next === '' ? '' : `&before=${next}`}`,
        { role: 'viewer' },
      );
      assertDocumented('/api/v1/violations', 'get', page);
      ids.push(...page.body.items.map((v: { id: number }) => v.id));
      next = page.body.next;
    }
    assert.equal(new Set(ids).size, 10);
  });

  it('answers writes without a token 401, with an unknown one 401 and with a viewer token 403', async () => {
    const body = failedCheckReport('registry.example/x:1');
    const cases = [
      { options: {}, status: 401 },
      { options: { token: 'not-a-token-of-this-server-000' }, status: 401 },
      { options: { role: 'viewer' as const }, status: 403 },
    ];
    for (const { options, status } of cases) {
      for (const route of [
        '/api/v1/check-results',
        '/api/v1/decisions',
        '/api/v1/retention',
      ] as const) {
        const answer = await call(base, 'POST', route, { ...options, body });
        assert.equal(answer.status, status, `${route} ${JSON.stringify(options)}`);
        assertDocumented(route, 'post', answer);
        assert.ok(!answer.text.includes(TOKENS.viewer), 'a token is echoed');
      }
    }
    const writerPrunes = await call(base, 'POST', '/api/v1/retention', {
      role: 'writer',
      body: { maxDecisions: 1000 },
    });
    assert.equal(writerPrunes.status, 403);
    const reads = await call(base, 'GET', '/api/v1/violations');
    assert.equal(reads.status, 401);
    assertDocumented('/api/v1/violations', 'get', reads);
  });

  it('answers malformed payloads 400 naming the field', async () => {
    const report = failedCheckReport('registry.example/bad:1');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits reach deep into the JSON
    type Editable = any;
    const broken = (change: (r: Editable) => void): unknown => {
      const copy: Editable = structuredClone(report);
      change(copy);
      return copy as unknown;
    };
    const cases: [unknown, string][] = [
      [
        broken((r) => (r.results[0].violations[0].severity = 'urgent')),
        'results[0].violations[0].severity',
      ],
      [broken((r) => delete r.summary), 'summary'],
      [broken((r) => (r.createdAt = 'yesterday')), 'createdAt'],
      [broken((r) => (r.results[0].image = 42)), 'results[0].image'],
      [broken((r) => (r.apiVersion = 'signet.dev/v2')), 'apiVersion'],
      [broken((r) => (r.results[0].surprise = true)), 'results[0].surprise'],
      [[], ''],
    ];
    for (const [body, field] of cases) {
      const answer = await call(base, 'POST', '/api/v1/check-results', { role: 'writer', body });
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 80));
      assertDocumented('/api/v1/check-results', 'post', answer);
      assert.equal(answer.body.field, field);
      if (field !== '') assert.ok(answer.body.message.includes(field), answer.body.message);
    }
    const notJson = await call(base, 'POST', '/api/v1/check-results', {
      role: 'writer',
      raw: '{"apiVersion":',
    });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.code, 'UI_REQUEST_INVALID');
    const deep = await call(base, 'POST', '/api/v1/decisions', {
      role: 'writer',
      raw: '['.repeat(100) + ']'.repeat(100),
    });
    assert.equal(deep.status, 400);
    const badDecision = await call(base, 'POST', '/api/v1/decisions', {
      role: 'writer',
      body: { source: 'admission', outcome: 'maybe', images: [] },
    });
    assert.equal(badDecision.body.field, 'outcome');
  });

  it('answers bad query parameters 400 naming the parameter and unknown ids 404', async () => {
    for (const [path, field] of [
      ['/api/v1/violations?severity=urgent', 'severity'],
      ['/api/v1/violations?limit=0', 'limit'],
      ['/api/v1/violations?since=yesterday', 'since'],
      ['/api/v1/violations?sevrity=high', 'sevrity'],
      ['/api/v1/violations?before=x', 'before'],
      ['/api/v1/policies?days=365', 'days'],
    ] as const) {
      const answer = await call(base, 'GET', path, { role: 'viewer' });
      assert.equal(answer.status, 400, path);
      assert.equal(answer.body.field, field);
    }
    for (const path of [
      '/api/v1/violations/999999',
      '/api/v1/violations/abc',
      '/api/v1/decisions/0',
    ]) {
      const answer = await call(base, 'GET', path, { role: 'viewer' });
      assert.equal(answer.status, 404, path);
      assertDocumented(
        path.startsWith('/api/v1/violations')
          ? '/api/v1/violations/{id}'
          : '/api/v1/decisions/{id}',
        'get',
        answer,
      );
    }
  });

  it('lets an admin apply retention', async () => {
    const answer = await call(base, 'POST', '/api/v1/retention', {
      role: 'admin',
      body: { maxDecisions: 2 },
    });
    assert.equal(answer.status, 200);
    assertDocumented('/api/v1/retention', 'post', answer);
    assert.ok(answer.body.deleted > 0);
    const left = await call(base, 'GET', '/api/v1/decisions', { role: 'viewer' });
    assert.equal(left.body.items.length, 2);
  });

  it('serves its OpenAPI document, describing every route it answers', async () => {
    const answer = await call(base, 'GET', '/api/openapi.json');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
    assert.equal(answer.body.openapi, '3.1.0');
    const missing = await call(base, 'GET', '/api/v1/nothing', { role: 'viewer' });
    assert.equal(missing.status, 404);
  });
});

describe('Signet API options', () => {
  it('serves reads without a token only with public reads, never writes', async () => {
    const api = await startApi({ publicRead: true });
    try {
      assert.equal((await call(api.server.url, 'GET', '/api/v1/violations')).status, 200);
      const whoami = await call(api.server.url, 'GET', '/api/v1/whoami');
      assert.equal(whoami.body.role, 'anonymous');
      assert.equal(
        (await call(api.server.url, 'POST', '/api/v1/decisions', { body: {} })).status,
        401,
      );
    } finally {
      await api.close();
    }
  });

  it('serves HTTPS with the given certificate', async () => {
    const serving = await loopbackServingCertificate('signet-api');
    const api = await startApi({
      tls: { cert: serving.certificatePem, key: serving.privateKeyPem },
    });
    const dispatcher = new Agent({ connect: { ca: serving.caPem } });
    try {
      assert.match(api.server.url, /^https:\/\//);
      const response = await fetchWith(`${api.server.url}/healthz`, { dispatcher });
      assert.equal(response.status, 200);
    } finally {
      await dispatcher.close();
      await api.close();
    }
  });

  it('refuses to start with neither tokens nor public reads', async () => {
    await assert.rejects(
      startApi({ tokens: undefined, publicRead: false }).then((a) => a.close()),
      (e) => isSignetError(e) && e.code === 'UI_SERVER_OPTIONS_INVALID',
    );
  });
});
