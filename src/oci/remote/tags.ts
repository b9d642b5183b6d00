/**
 * Tag listing (distribution spec, "Listing tags"), following `Link` pagination. Pages and
 * totals are bounded so a registry cannot keep us paging forever.
 */
import type { ImageReference } from '../reference/index.js';
import { type RegistryTransport, pullScope, registryError } from '../transport/index.js';
import { nextLink } from './link-header.js';
import { repositoryOf } from '../reference/index.js';

/** One page of tags as JSON; 4 MiB holds ~100k tags, far more than one page should. */
const MAX_TAG_PAGE_BYTES = 4 * 1024 * 1024;
/** Bound on pages followed: at the default page size, more than any real repository has. */
const MAX_TAG_PAGES = 1000;
/** Bound on the tags returned in total. */
const MAX_TAGS = 100_000;

export async function listTags(
  t: RegistryTransport,
  ref: ImageReference,
  pageSize?: number,
): Promise<string[]> {
  const what = `tags of ${repositoryOf(ref)}`;
  const tags: string[] = [];
  const seen = new Set<string>();
  let target: string | undefined = `/v2/${ref.repository}/tags/list`;
  let query: Record<string, string> | undefined =
    pageSize === undefined ? undefined : { n: String(Math.max(1, Math.floor(pageSize))) };
  for (let page = 0; target !== undefined; page++) {
    if (page >= MAX_TAG_PAGES || seen.has(target))
      throw protocol(ref, what, 'pagination does not end');
    seen.add(target);
    const response = await t.request({
      method: 'GET',
      target,
      ...(query === undefined ? {} : { query }),
      scopes: [pullScope(ref.repository)],
      what,
      headers: { accept: 'application/json' },
    });
    const body = await t.readBody(response, MAX_TAG_PAGE_BYTES, what, () =>
      protocol(ref, what, `a page is over ${MAX_TAG_PAGE_BYTES} bytes`),
    );
    tags.push(...parseTagPage(body, ref, what));
    if (tags.length > MAX_TAGS) throw protocol(ref, what, `more than ${MAX_TAGS} tags`);
    const next = nextLink(response.headers.link);
    // The link is relative to the page it came from; the transport keeps it on the registry.
    target = next === undefined ? undefined : new URL(next, response.url).toString();
    query = undefined; // the next link carries n and last itself
  }
  return tags;
}

function parseTagPage(body: Uint8Array, ref: ImageReference, what: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw protocol(ref, what, 'the answer is not JSON');
  }
  const list = (doc as { tags?: unknown } | null)?.tags;
  if (list === null || list === undefined) return []; // empty repositories send "tags": null
  if (!Array.isArray(list) || !list.every((tag) => typeof tag === 'string')) {
    throw protocol(ref, what, '"tags" is not a list of strings');
  }
  return list;
}

function protocol(ref: ImageReference, what: string, problem: string) {
  return registryError(
    'REGISTRY_PROTOCOL',
    `registry ${ref.registry} sent a malformed listing of ${what}: ${problem}`,
    { details: { registry: ref.registry } },
  );
}
