/** Records as the API answers them: times as RFC 3339 text, nothing else changed. */
import type {
  DecisionRecord,
  ImageSummary,
  PolicyActivityReport,
  ViolationRecord,
} from '../../records/index.js';

export const violationView = (v: ViolationRecord) => ({ ...v, time: v.time.toISOString() });

export const decisionView = (d: DecisionRecord) => {
  const { violations: _, ...rest } = d;
  return { ...rest, time: d.time.toISOString() };
};

export const imageView = (i: ImageSummary) => ({ ...i, lastSeen: i.lastSeen.toISOString() });

export const activityView = (
  report: PolicyActivityReport,
  loaded: readonly string[] | undefined,
) => ({
  bucketMs: report.bucketMs,
  buckets: report.buckets.map((b) => b.toISOString()),
  loaded: loaded === undefined ? null : [...loaded],
  policies: report.policies.map((p) => ({ ...p, lastSeen: p.lastSeen.toISOString() })),
});

/** `next` of a page: the last id when the page is full (there may be more), else null. */
export function nextOf(items: readonly { id: number }[], limit: number): string | null {
  return items.length === limit ? String(items.at(-1)!.id) : null;
}
