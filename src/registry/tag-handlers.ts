/** GET /v2/<name>/tags/list with `n`/`last` pagination (distribution spec, "Listing Tags"). */
import { DistributionError } from './distribution-error.js';
import { respondJson, type Exchange } from './http-exchange.js';
import type { RegistryContext } from './registry-context.js';

/** Largest page served, also when the client asks for none: keeps one answer bounded. */
export const MAX_TAGS_PAGE = 1000;

function pageSize(value: string | null): number {
  if (value === null) return MAX_TAGS_PAGE;
  if (!/^\d{1,9}$/.test(value)) {
    throw new DistributionError('PAGINATION_NUMBER_INVALID', 'n must be a non-negative integer', {
      n: value.slice(0, 32),
    });
  }
  return Math.min(Number(value), MAX_TAGS_PAGE);
}

export async function listTags(ctx: RegistryContext, ex: Exchange, name: string): Promise<void> {
  const n = pageSize(ex.query.get('n'));
  const last = ex.query.get('last');
  const tags = await ctx.storage.listTags(name);
  if (tags === undefined) {
    throw new DistributionError('NAME_UNKNOWN', 'repository name not known to registry', { name });
  }
  // The spec orders tags lexically; `last` is exclusive.
  const remaining = tags.sort().filter((tag) => last === null || tag > last);
  const page = remaining.slice(0, n);
  const headers: Record<string, string> = {};
  if (remaining.length > page.length && page.length > 0) {
    const next = new URLSearchParams({ n: String(n), last: page[page.length - 1]! });
    headers.Link = `</v2/${name}/tags/list?${next.toString()}>; rel="next"`;
  }
  respondJson(ex, 200, { name, tags: page }, headers);
}
