import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignetError } from '../../core/errors.js';
import { parseKubernetesPullSecret } from './kubernetes-secret.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const PASSWORD = 'k8s:SECRET:pw';
const SOURCE = 'regcred.yaml';
const DOCKER_CONFIG = JSON.stringify({
  auths: {
    'https://index.docker.io/v1/': { auth: b64(`alice:${PASSWORD}`) },
    'ghcr.io': { username: 'bob', password: PASSWORD },
  },
});
const LEGACY = JSON.stringify({
  'quay.io': { auth: b64(`carol:${PASSWORD}`), email: 'c@example.com' },
});

const secretYaml = (type: string, body: string) => `apiVersion: v1
kind: Secret
metadata:
  name: regcred
  namespace: ci
type: ${type}
${body}
`;

function rejects(doc: string | object, ...fragments: string[]): void {
  assert.throws(
    () => parseKubernetesPullSecret(doc, SOURCE),
    (error: unknown) => {
      assert.ok(error instanceof SignetError);
      assert.equal(error.code, 'CREDENTIALS_INVALID');
      assert.ok(error.message.startsWith(SOURCE), error.message);
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), error.message);
      assert.ok(
        !JSON.stringify(error.toJSON()).includes('SECRET'),
        `leaks a secret: ${error.message}`,
      );
      return true;
    },
  );
}

describe('parseKubernetesPullSecret', () => {
  const FORMS: ReadonlyArray<readonly [string, string | object]> = [
    [
      'YAML with base64 data',
      secretYaml(
        'kubernetes.io/dockerconfigjson',
        `data:\n  .dockerconfigjson: ${b64(DOCKER_CONFIG)}`,
      ),
    ],
    [
      'YAML with stringData',
      secretYaml(
        'kubernetes.io/dockerconfigjson',
        `stringData:\n  .dockerconfigjson: '${DOCKER_CONFIG}'`,
      ),
    ],
    [
      'JSON text',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': b64(DOCKER_CONFIG) },
      }),
    ],
    [
      'an object from the Kubernetes client',
      { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(DOCKER_CONFIG) } },
    ],
  ];
  for (const [name, doc] of FORMS) {
    it(`reads a dockerconfigjson Secret given as ${name}`, () => {
      const provider = parseKubernetesPullSecret(doc, SOURCE);
      assert.deepEqual(provider.credentialFor('docker.io'), {
        username: 'alice',
        password: PASSWORD,
      });
      assert.deepEqual(provider.credentialFor('ghcr.io'), { username: 'bob', password: PASSWORD });
      assert.equal(provider.credentialFor('quay.io'), undefined);
    });
  }

  it('reads stringData before data, as the API server does', () => {
    const other = JSON.stringify({ auths: { 'ghcr.io': { auth: b64('from-data:x') } } });
    const provider = parseKubernetesPullSecret(
      {
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': b64(other) },
        stringData: { '.dockerconfigjson': DOCKER_CONFIG },
      },
      SOURCE,
    );
    assert.equal(provider.credentialFor('ghcr.io')?.username, 'bob');
  });

  it('reads a legacy dockercfg Secret, whose JSON is the auths map itself', () => {
    const provider = parseKubernetesPullSecret(
      secretYaml('kubernetes.io/dockercfg', `data:\n  .dockercfg: ${b64(LEGACY)}`),
      SOURCE,
    );
    assert.deepEqual(provider.credentialFor('quay.io'), { username: 'carol', password: PASSWORD });
  });

  it('rejects a Secret of another type, naming the Secret', () => {
    rejects(
      secretYaml('Opaque', `data:\n  .dockerconfigjson: ${b64(DOCKER_CONFIG)}`),
      'regcred.yaml (Secret ci/regcred): type is "Opaque"; an image pull secret has type "kubernetes.io/dockerconfigjson"',
    );
  });

  it('rejects a Secret without a type', () => {
    rejects({ data: { '.dockerconfigjson': b64(DOCKER_CONFIG) } }, 'type is missing');
  });

  it('rejects a document of another kind', () => {
    rejects(
      { kind: 'ConfigMap', type: 'kubernetes.io/dockerconfigjson' },
      'kind is "ConfigMap", expected "Secret"',
    );
  });

  it('rejects a Secret without the key', () => {
    rejects(
      secretYaml('kubernetes.io/dockerconfigjson', 'data:\n  other: eA=='),
      'has neither data[".dockerconfigjson"] nor stringData[".dockerconfigjson"]',
    );
  });

  it('rejects data that is not base64', () => {
    rejects(
      secretYaml('kubernetes.io/dockerconfigjson', 'data:\n  .dockerconfigjson: "SECRET!!"'),
      'data[".dockerconfigjson"] is not base64',
    );
  });

  it('rejects data and stringData that are not maps', () => {
    rejects({ type: 'kubernetes.io/dockerconfigjson', data: 'SECRET' }, 'data must be a map');
    rejects(
      { type: 'kubernetes.io/dockerconfigjson', stringData: ['SECRET'] },
      'stringData must be a map',
    );
    rejects(
      { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 1 } },
      'stringData[".dockerconfigjson"] must be a string',
    );
  });

  it('rejects malformed JSON inside the Secret, naming the key', () => {
    rejects(
      secretYaml(
        'kubernetes.io/dockerconfigjson',
        `data:\n  .dockerconfigjson: ${b64(`{"auths": {"ghcr.io": {"password": "${PASSWORD}"}`)}`,
      ),
      'regcred.yaml (Secret ci/regcred) .dockerconfigjson: is not valid JSON',
    );
  });

  it('rejects a bad login inside the Secret, naming the key and the entry', () => {
    const bad = JSON.stringify({ auths: { 'ghcr.io': { auth: b64('no-colon-SECRET') } } });
    rejects(
      secretYaml('kubernetes.io/dockerconfigjson', `data:\n  .dockerconfigjson: ${b64(bad)}`),
      '(Secret ci/regcred) .dockerconfigjson: auths["ghcr.io"].auth does not decode to "username:password"',
    );
  });

  it('rejects malformed YAML with its position and without quoting the text', () => {
    rejects(
      `kind: Secret\ntype: [kubernetes.io/dockerconfigjson\ndata: {x: SECRET`,
      'is not valid YAML or JSON (',
      'at line',
    );
    rejects(
      'kind: Secret\nkind: SECRET\n',
      'is not valid YAML or JSON (DUPLICATE_KEY at line 2, column 1)',
    );
  });

  it('rejects empty text, several documents and a non-object', () => {
    rejects('', 'is empty; expected a Secret');
    rejects('kind: Secret\n---\nkind: Secret\n', 'holds 2 YAML documents; give exactly one Secret');
    rejects('- SECRET\n', 'is not a Kubernetes Secret object');
  });

  it('refuses a YAML alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i += 1)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    rejects(lines.join('\n'), 'YAML aliases');
  });
});
