/**
 * The images a run declares through Tekton Chains' type hints (tekton.dev/docs/chains/
 * config, "Chains type hinting"): results named `IMAGE_URL` and `IMAGE_DIGEST`, or pairs
 * sharing a prefix (`<X>IMAGE_URL`, `<X>IMAGE_DIGEST`); `IMAGES`, a list of `repo@digest`
 * separated by commas or newlines; and object results named `ARTIFACT_OUTPUTS` or ending
 * with it, `{uri, digest}`. Where Chains logs and skips a malformed hint, Signet refuses
 * the run, naming it and the result: a build that says it made an image it cannot name
 * must not pass as signed. Pure.
 */
import { parseDigest } from '../core/digest.js';
import { isSignetError } from '../core/errors.js';
import { formatReference, parseReference, repositoryOf } from '../oci/reference/index.js';
import type { ImageReference } from '../oci/reference/index.js';
import { chainsError } from './errors.js';
import { runName, type RunObject } from './run-object.js';

export interface DeclaredImage {
  /** Pinned by the declared digest. */
  readonly reference: ImageReference & { readonly digest: string };
  /** The result(s) that declared it, for messages. */
  readonly field: string;
}

/** More images than this in one run is bogus input, not a build. */
export const MAX_IMAGES_PER_RUN = 64;

const URL_SUFFIX = 'IMAGE_URL';
const DIGEST_SUFFIX = 'IMAGE_DIGEST';
const ARTIFACT_OUTPUTS = 'ARTIFACT_OUTPUTS';

export function declaredImages(run: RunObject): DeclaredImage[] {
  const refuse = (field: string, problem: string, cause?: unknown) =>
    chainsError(
      'CHAINS_RESULT_INVALID',
      `${runName(run)}: result ${field} ${problem}; the run is not signed`,
      cause === undefined ? undefined : { cause },
    );
  const pairs = new Map<string, { url?: string; digest?: string }>();
  const found: DeclaredImage[] = [];
  const add = (field: string, url: string, digest: string) => {
    found.push({ reference: pinned(url, digest, (p, cause) => refuse(field, p, cause)), field });
  };
  for (const { name, value } of run.results) {
    const suffix = name.endsWith(URL_SUFFIX)
      ? URL_SUFFIX
      : name.endsWith(DIGEST_SUFFIX)
        ? DIGEST_SUFFIX
        : undefined;
    if (suffix !== undefined) {
      const text = nonEmptyString(value);
      if (text === undefined) throw refuse(name, 'must be a non-empty string');
      const marker = name.slice(0, -suffix.length);
      const pair = pairs.get(marker) ?? {};
      pairs.set(marker, suffix === URL_SUFFIX ? { ...pair, url: text } : { ...pair, digest: text });
    } else if (name === 'IMAGES') {
      const text = nonEmptyString(value);
      if (text === undefined) throw refuse(name, 'must be a non-empty string');
      for (const item of text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== '')) {
        const at = item.lastIndexOf('@');
        if (at < 0) throw refuse(name, `lists "${item.slice(0, 200)}" without @sha256:<digest>`);
        add(name, item.slice(0, at), item.slice(at + 1));
      }
    } else if (name.endsWith(ARTIFACT_OUTPUTS)) {
      const object = typeof value === 'object' && value !== null ? value : {};
      const { uri, digest } = object as { uri?: unknown; digest?: unknown };
      const url = nonEmptyString(uri);
      const hex = nonEmptyString(digest);
      if (url === undefined) throw refuse(name, 'must be an object with a non-empty "uri"');
      if (hex === undefined) throw refuse(name, 'must be an object with a non-empty "digest"');
      add(`${name}.uri`, url, hex);
    }
  }
  for (const [marker, pair] of pairs) {
    const urlField = `${marker}${URL_SUFFIX}`;
    const digestField = `${marker}${DIGEST_SUFFIX}`;
    if (pair.url === undefined) throw refuse(digestField, `has no ${urlField} beside it`);
    if (pair.digest === undefined) throw refuse(urlField, `has no ${digestField} beside it`);
    add(`${urlField}/${digestField}`, pair.url, pair.digest);
  }
  const unique = new Map(found.map((image) => [formatReference(image.reference), image]));
  if (unique.size > MAX_IMAGES_PER_RUN)
    throw refuse('IMAGES', `declares ${unique.size} images, more than ${MAX_IMAGES_PER_RUN}`);
  return [...unique.values()];
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `url` (tag allowed, digest must agree) pinned to `digest`, a sha256 image digest. */
function pinned(
  url: string,
  digest: string,
  refuse: (problem: string, cause?: unknown) => Error,
): ImageReference & { digest: string } {
  let algorithm: string;
  try {
    algorithm = parseDigest(digest).algorithm;
  } catch (error) {
    if (!isSignetError(error)) throw error;
    throw refuse(`has an invalid digest "${digest.slice(0, 100)}"`, error);
  }
  if (algorithm !== 'sha256') throw refuse(`has digest ${digest}, not sha256`);
  let reference: ImageReference;
  try {
    reference = parseReference(url);
  } catch (error) {
    throw refuse(`has an invalid image reference "${url.slice(0, 200)}"`, error);
  }
  if (reference.digest !== undefined && reference.digest !== digest)
    throw refuse(`names ${reference.digest} in its URL but ${digest} as its digest`);
  // The tag, if any, is dropped: the digest is what is signed, and names the image alone.
  return parseReference(`${repositoryOf(reference)}@${digest}`) as ImageReference & {
    digest: string;
  };
}
