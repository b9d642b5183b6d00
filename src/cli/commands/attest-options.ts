/**
 * Flags `signet attest` shares with `attest-blob`; the layout and the log to record in are
 * chosen by cli/signing/image-signing-flags.ts, as for `signet sign`.
 */
import type { OutputOptions, RegistryFlags } from '../options.js';
import type { CosignFlags } from '../signing/cosign-flags.js';
import type { TlogCredentialFlags } from '../signing/signing-options.js';
import type { ProvenanceFlags } from './provenance-options.js';

export interface AttestOptions
  extends OutputOptions, RegistryFlags, CosignFlags, TlogCredentialFlags, ProvenanceFlags {
  key?: string;
  predicate?: string;
  type?: string;
  statement?: string;
  provenance?: boolean;
  annotation?: Record<string, string>;
  replace?: boolean;
  signatureRepository?: string;
  layout?: string;
  tlogUrl?: string;
  rekorEntryType?: string;
}
