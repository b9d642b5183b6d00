/**
 * Every module's error table, in the order docs/errors.md lists them. A test checks that
 * each `*_ERRORS` table declared in shipped code appears here and that no code is
 * declared twice.
 */
import type { ErrorCodeTable } from '../core/errors.js';
import { BASE64_ERRORS } from '../core/base64.js';
import { CANONICAL_JSON_ERRORS } from '../core/canonical-json.js';
import { DIGEST_ERRORS } from '../core/digest.js';
import { DSSE_ERRORS } from '../core/dsse.js';
import { KEY_ERRORS } from '../core/keys/errors.js';
import { PEM_ERRORS } from '../core/pem.js';
import { REFERENCE_ERRORS } from '../oci/reference/errors.js';
import { CREDENTIALS_ERRORS } from '../oci/credentials/errors.js';
import { MANIFEST_ERRORS } from '../oci/manifest/errors.js';
import { REGISTRY_ERRORS } from '../oci/transport/errors.js';
import { REMOTE_ERRORS } from '../oci/remote/errors.js';
import { BUILD_ERRORS } from '../oci/build/errors.js';
import { EMBEDDED_REGISTRY_ERRORS } from '../registry/errors.js';
import { SIGNING_KEY_ERRORS } from '../signing/keys/errors.js';
import { COSIGN_ERRORS } from '../signing/cosign/errors.js';
import { VERIFY_ERRORS } from '../signing/verify/errors.js';
import { GPG_ERRORS } from '../signing/gpg/errors.js';
import { LOOKASIDE_ERRORS } from '../signing/lookaside/errors.js';
import { LOOKASIDE_SERVER_ERRORS } from '../signing/lookaside/server/errors.js';
import { POLICY_JSON_ERRORS } from '../signing/policy-json/errors.js';
import { MERKLE_ERRORS } from '../tlog/merkle/errors.js';
import { CHECKPOINT_ERRORS } from '../tlog/checkpoint/errors.js';
import { BUNDLE_ERRORS } from '../signing/bundle/errors.js';
import { INTOTO_ERRORS } from '../signing/intoto/errors.js';
import { ATTEST_ERRORS } from '../signing/attest/errors.js';
import { TRUST_ERRORS } from '../signing/trust/errors.js';
import { KEYLESS_ERRORS } from '../signing/keyless/errors.js';
import { SIGNATURE_STORE_ERRORS } from '../signing/remote/errors.js';
import { KUBERNETES_KEY_ERRORS } from '../signing/keys/kubernetes-secret-errors.js';
import { RECORDS_ERRORS } from '../records/errors.js';
import { UI_ERRORS } from '../ui/errors.js';
import { CHAINS_ERRORS } from '../chains/errors.js';
import { POLICY_ERRORS } from '../policy/errors.js';
import { CONFIG_ERRORS } from '../config/errors.js';
import { ADMISSION_ERRORS } from '../admission/errors.js';
import { ENTRY_ERRORS } from '../tlog/entry/errors.js';
import { STORE_ERRORS } from '../tlog/store/errors.js';
import { TLOG_SERVER_ERRORS } from '../tlog/server/errors.js';
import { TLOG_CLIENT_ERRORS } from '../tlog/client/errors.js';
import { SBOM_ERRORS } from '../signing/sbom/errors.js';
import { CHECK_ERRORS } from '../check/errors.js';
import { NOTATION_ERRORS } from '../signing/notation/errors.js';
import { CLI_ERRORS } from './errors.js';
import { SIGNING_CLI_ERRORS } from './signing/errors.js';
import { GPG_CLI_ERRORS } from './gpg/errors.js';

export const ERROR_CATALOG: Readonly<Record<string, ErrorCodeTable>> = {
  'Command line': CLI_ERRORS,
  'Signing commands': SIGNING_CLI_ERRORS,
  'GPG commands': GPG_CLI_ERRORS,
  'Image references': REFERENCE_ERRORS,
  'Registry credentials': CREDENTIALS_ERRORS,
  'Registry transport': REGISTRY_ERRORS,
  'Registry client': REMOTE_ERRORS,
  Manifests: MANIFEST_ERRORS,
  Digests: DIGEST_ERRORS,
  'Image builder': BUILD_ERRORS,
  'Embedded registry': EMBEDDED_REGISTRY_ERRORS,
  Base64: BASE64_ERRORS,
  PEM: PEM_ERRORS,
  'Canonical JSON': CANONICAL_JSON_ERRORS,
  DSSE: DSSE_ERRORS,
  Keys: KEY_ERRORS,
  'Signing keys': SIGNING_KEY_ERRORS,
  'Cosign signatures': COSIGN_ERRORS,
  'Signature verification': VERIFY_ERRORS,
  'Sigstore bundles': BUNDLE_ERRORS,
  'in-toto statements': INTOTO_ERRORS,
  Attestations: ATTEST_ERRORS,
  'Sigstore trusted roots': TRUST_ERRORS,
  'Sigstore bundle verification': KEYLESS_ERRORS,
  'Signature storage': SIGNATURE_STORE_ERRORS,
  'Keys in Kubernetes': KUBERNETES_KEY_ERRORS,
  'GPG simple signing': GPG_ERRORS,
  'Notary Project signatures': NOTATION_ERRORS,
  'Lookaside signature stores': LOOKASIDE_ERRORS,
  'Lookaside signature server': LOOKASIDE_SERVER_ERRORS,
  'containers policy.json': POLICY_JSON_ERRORS,
  'Merkle proofs': MERKLE_ERRORS,
  Checkpoints: CHECKPOINT_ERRORS,
  'Log entries': ENTRY_ERRORS,
  'Log store': STORE_ERRORS,
  'Log server': TLOG_SERVER_ERRORS,
  'Log client': TLOG_CLIENT_ERRORS,
  Policies: POLICY_ERRORS,
  'Configuration files': CONFIG_ERRORS,
  'Admission webhook': ADMISSION_ERRORS,
  'Decision records': RECORDS_ERRORS,
  'SBOMs and vulnerability reports': SBOM_ERRORS,
  'CI gate': CHECK_ERRORS,
  'Signet server and API': UI_ERRORS,
  'Pipeline-run signing': CHAINS_ERRORS,
};
