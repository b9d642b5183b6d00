/**
 * Evidence for the webhook: the policy engine's shared registry evidence, with keys named
 * by `key.secretRef` read from Secrets in the webhook's own namespace, as policy-controller
 * reads them from its namespace.
 */
import { decodeBase64 } from '../../core/base64.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import type { PolicyEvidence } from '../../policy/index.js';
import type { TlogTrust } from '../../signing/verify/index.js';
import {
  registryEvidence as policyRegistryEvidence,
  type RegistryOperation as EvidenceOperation,
} from '../../pipeline/index.js';
import { admissionError } from '../errors.js';
import type { KubernetesReader } from './kubernetes-reader.js';

/** The data key cosign writes a public key under (`cosign generate-key-pair k8s://`). */
const PUBLIC_KEY_FIELD = 'cosign.pub';

export type RegistryOperation = 'resolve' | EvidenceOperation;

export interface EvidenceContext {
  readonly client: RegistryClient;
  readonly kubernetes: KubernetesReader;
  readonly keyNamespace: string;
  /** Logs whose entries of key signatures are verified (`--tlog-key`). */
  readonly trustedLogs?: TlogTrust;
  readonly onRegistryCall: (operation: RegistryOperation) => void;
}

export function registryEvidence(context: EvidenceContext): PolicyEvidence {
  const evidence = policyRegistryEvidence({
    client: context.client,
    readSecret: (name) => publicKeyFromSecret(context, name),
    onRegistryCall: context.onRegistryCall,
  });
  return context.trustedLogs === undefined
    ? evidence
    : { ...evidence, trustedLogs: context.trustedLogs };
}

async function publicKeyFromSecret(context: EvidenceContext, name: string): Promise<string> {
  const where = `Secret ${context.keyNamespace}/${name}`;
  const secret = await context.kubernetes.readSecret(context.keyNamespace, name);
  if (secret === undefined) {
    throw admissionError(
      'ADMISSION_KUBERNETES_READ_FAILED',
      `${where} (a policy key.secretRef) does not exist`,
    );
  }
  const plain = secret.stringData ?? {};
  const encoded = secret.data ?? {};
  const fields = [...new Set([...Object.keys(plain), ...Object.keys(encoded)])];
  const field = fields.includes(PUBLIC_KEY_FIELD)
    ? PUBLIC_KEY_FIELD
    : fields.length === 1
      ? fields[0]!
      : undefined;
  if (field === undefined) {
    throw admissionError(
      'ADMISSION_KUBERNETES_READ_FAILED',
      `${where} must hold the public key under "${PUBLIC_KEY_FIELD}" or as its only entry`,
    );
  }
  if (Object.hasOwn(plain, field)) return plain[field]!;
  return new TextDecoder().decode(decodeBase64(encoded[field]!, `${where} data.${field}`));
}
