import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { parseReference } from '../../oci/reference/index.js';
import { lookasideUrlFor, parseRegistriesD, useSigstoreAttachmentsFor } from './registries-d.js';

const file = (name: string, text: string) => ({ name, text });
const CONFIG = parseRegistriesD([
  file(
    'a.yaml',
    `default-docker:
  lookaside: https://default.example/sigs
docker:
  reg.example.com:
    lookaside: https://host.example/sigs
    use-sigstore-attachments: true
  reg.example.com/team:
    lookaside: https://team.example/sigs
    lookaside-staging: file:///staging/team
  reg.example.com/team/app:1.0:
    use-sigstore-attachments: false
`,
  ),
  file(
    'b.yaml',
    `docker:
  "*.example.org":
    sigstore: https://wild.example/sigs
    sigstore-staging: file:///old-staging
`,
  ),
]);

function expectConfigError(files: { name: string; text: string }[], pattern: RegExp) {
  assert.throws(
    () => parseRegistriesD(files),
    (e: unknown) =>
      isSignetError(e) && e.code === 'LOOKASIDE_CONFIG_INVALID' && pattern.test(e.message),
  );
}

describe('registries.d', () => {
  const table: [string, 'read' | 'write', string | undefined][] = [
    ['reg.example.com/team/app:1.0', 'read', 'https://team.example/sigs'],
    ['reg.example.com/team/app:1.0', 'write', 'file:///staging/team'],
    ['reg.example.com/other/app:1', 'read', 'https://host.example/sigs'],
    ['reg.example.com/other/app:1', 'write', 'https://host.example/sigs'],
    ['quay.io/x/y:1', 'read', 'https://default.example/sigs'],
    ['a.b.example.org/x:1', 'read', 'https://wild.example/sigs'],
    ['a.b.example.org/x:1', 'write', 'file:///old-staging'],
  ];
  for (const [image, purpose, expected] of table) {
    it(`finds the most specific ${purpose} location for ${image}`, () => {
      assert.equal(lookasideUrlFor(CONFIG, parseReference(image), purpose), expected);
    });
  }

  it('returns no location when nothing is configured, so the caller uses the built-in folder', () => {
    assert.equal(
      lookasideUrlFor(parseRegistriesD([]), parseReference('busybox'), 'read'),
      undefined,
    );
  });

  it('takes use-sigstore-attachments from the most specific scope that sets it', () => {
    assert.equal(
      useSigstoreAttachmentsFor(CONFIG, parseReference('reg.example.com/team/app:1.0')),
      false,
    );
    assert.equal(
      useSigstoreAttachmentsFor(CONFIG, parseReference('reg.example.com/team/app:2')),
      true,
    );
    assert.equal(useSigstoreAttachmentsFor(CONFIG, parseReference('quay.io/a:1')), false);
  });

  it('prefers the new names over the old ones in one scope', () => {
    const config = parseRegistriesD([
      file('c.yaml', 'default-docker:\n  sigstore: https://old\n  lookaside: https://new\n'),
    ]);
    assert.equal(lookasideUrlFor(config, parseReference('a/b:1'), 'read'), 'https://new');
  });

  it('ignores unknown members, as containers/image does', () => {
    const config = parseRegistriesD([
      file('c.yaml', 'default-docker:\n  lookaside: https://x\n  future-field: 1\nother: {}\n'),
    ]);
    assert.equal(lookasideUrlFor(config, parseReference('a/b:1'), 'read'), 'https://x');
  });

  it('refuses default-docker defined in two files', () => {
    expectConfigError(
      [
        file('a.yaml', 'default-docker: {lookaside: https://a}'),
        file('b.yaml', 'default-docker: {lookaside: https://b}'),
      ],
      /b\.yaml.*default-docker.*also defined in a\.yaml/,
    );
  });

  it('refuses a scope defined in two files', () => {
    expectConfigError(
      [
        file('a.yaml', 'docker: {quay.io: {lookaside: https://a}}'),
        file('b.yaml', 'docker: {quay.io: {lookaside: https://b}}'),
      ],
      /docker scope "quay.io" is also defined in a\.yaml/,
    );
  });

  const malformed: [string, string, RegExp][] = [
    ['invalid YAML', 'docker: [unclosed', /not valid YAML/],
    ['a duplicate key', 'docker: {}\ndocker: {}', /not valid YAML/],
    ['a list at the top', '- a', /top level must be a mapping/],
    ['docker as a list', 'docker: [a]', /"docker" must be a mapping/],
    ['a number as URL', 'default-docker: {lookaside: 5}', /lookaside must be a URL string/],
    ['a string as boolean', 'default-docker: {use-sigstore-attachments: "yes"}', /true or false/],
    ['a scope that is not a mapping', 'docker: {quay.io: https://x}', /must be a mapping/],
  ];
  for (const [what, text, pattern] of malformed) {
    it(`refuses ${what}, naming the file`, () => {
      expectConfigError(
        [file('/etc/x.yaml', text)],
        new RegExp(`/etc/x\\.yaml.*${pattern.source}`),
      );
    });
  }
});
