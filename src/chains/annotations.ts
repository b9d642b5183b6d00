/**
 * The annotations the controller reads and writes on runs. The run's own annotations are
 * the only state: Tekton Chains' `chains.tekton.dev/signed` (`true` once done, `failed`
 * when given up) decides whether a run is handled at all, so a restarted controller never
 * signs a finished run again; `signet.dev/chains-progress` records each image as soon as
 * it is signed and attested, so a restart in the middle of a run continues after the
 * images already done instead of signing them twice. Pure.
 */
import type { RunObject } from './run-object.js';

export const SIGNED = 'chains.tekton.dev/signed';
export const TRANSPARENCY = 'chains.tekton.dev/transparency';
export const RETRIES = 'chains.tekton.dev/retries';
/** Why a run was given up: Chains has no such annotation, Signet says why. */
export const FAILURE_REASON = 'signet.dev/chains-failure';
export const PROGRESS = 'signet.dev/chains-progress';

/** Annotation values are capped by the API server at 256 KiB in all; reasons stay short. */
export const MAX_REASON_CHARS = 1024;

/** Per image (`repo@sha256:…`): the log entry URLs of its signature and of its provenance. */
export type RunProgress = Readonly<
  Record<string, { readonly signature: string; readonly provenance: string }>
>;

export type RunDecision =
  | { readonly kind: 'skip'; readonly why: string }
  | { readonly kind: 'sign'; readonly progress: RunProgress; readonly retries: number };

export function decide(run: RunObject): RunDecision {
  const signed = run.annotations[SIGNED];
  if (signed === 'true') return { kind: 'skip', why: 'already signed' };
  if (signed === 'failed') return { kind: 'skip', why: 'signing failed before' };
  if (run.succeeded !== 'True')
    return {
      kind: 'skip',
      why: run.succeeded === 'False' ? 'the run failed' : 'the run has not finished',
    };
  const retries = Number.parseInt(run.annotations[RETRIES] ?? '0', 10);
  return {
    kind: 'sign',
    progress: readProgress(run.annotations[PROGRESS]),
    retries: Number.isSafeInteger(retries) && retries >= 0 ? retries : 0,
  };
}

/** A malformed record counts as none: images may then be signed again, never skipped unsigned. */
export function readProgress(text: string | undefined): RunProgress {
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(([, v]) => {
        const entry = v as { signature?: unknown; provenance?: unknown } | null;
        return typeof entry?.signature === 'string' && typeof entry.provenance === 'string';
      }),
    ) as RunProgress;
  } catch {
    return {};
  }
}

/**
 * The URL of a log entry as Tekton Chains writes it into `chains.tekton.dev/transparency`:
 * the log's entries endpoint queried by index, which `rekor-cli` and `signet tlog get` read.
 */
export function entryUrl(logUrl: string, logIndex: number): string {
  return `${logUrl.replace(/\/+$/, '')}/api/v1/log/entries?logIndex=${logIndex}`;
}

export function failureReason(message: string): string {
  return message.length <= MAX_REASON_CHARS ? message : `${message.slice(0, MAX_REASON_CHARS)}…`;
}
