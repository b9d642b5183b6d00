/**
 * An admission decider as the decision tests run it, without an HTTP server: namespace
 * `prod` opted in, the CI public key in Secret `signet-system/ci-pub` (what `key.secretRef:
 * {name: ci-pub}` names), and the ClusterImagePolicies and SecurityPolicies given as YAML.
 */
import { AdmissionDecider, staticKubernetesReader } from '../admission/decide/index.js';
import type { AdmissionRequest } from '../admission/review/index.js';
import { compilePolicies, parsePolicyYaml } from '../policy/index.js';
import { compileSecurityPolicies, parseSecurityPolicyYaml } from '../policy/security/index.js';
import type { TlogTrust } from '../signing/verify/index.js';

export interface TestDeciderOptions {
  /** The PEM public key the `ci-pub` Secret holds. */
  readonly ciPublicKeyPem: string;
  readonly policies: string;
  readonly securityPolicies?: string;
  readonly trustedLogs?: TlogTrust;
}

export function testDecider(options: TestDeciderOptions): AdmissionDecider {
  const decider = new AdmissionDecider({
    kubernetes: staticKubernetesReader({
      namespaces: { prod: { 'signet.dev/include': 'true' } },
      secrets: {
        'signet-system/ci-pub': { stringData: { 'cosign.pub': options.ciPublicKeyPem } },
      },
    }),
    keyNamespace: 'signet-system',
    deadlineMs: 10_000,
    cache: { ttlMs: 60_000, maxEntries: 10 },
    ...(options.trustedLogs === undefined ? {} : { trustedLogs: options.trustedLogs }),
  });
  decider.setPolicies(compilePolicies(parsePolicyYaml(options.policies, 'cip.yaml').documents));
  if (options.securityPolicies !== undefined)
    decider.setSecurityPolicies(
      compileSecurityPolicies(
        parseSecurityPolicyYaml(options.securityPolicies, 'sp.yaml').documents,
      ),
    );
  return decider;
}

/** A Pod `web` created in namespace `prod`, running `image`, as the API server asks about it. */
export function prodPodRequest(image: string): AdmissionRequest {
  return {
    uid: 'u',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'prod',
    name: 'web',
    operation: 'CREATE',
    object: { spec: { containers: [{ name: 'app', image }] } },
  };
}
