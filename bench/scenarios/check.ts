/**
 * The CI gate's throughput: `checkImage` (resolve, gather evidence, evaluate, as `signet
 * check image` does) for one signed image with a 100-finding vulnerability report and ten
 * SecurityPolicies (the default five and five more), on the real CNCF distribution
 * registry on loopback, with one warm client and a new plan (one invocation) per check.
 *
 * - check: the whole check per image, serial (checks/s);
 *   ceiling: the registry requests one warm check makes (counted at a proxy), replayed
 *   straight to the registry all at once with no parsing: the I/O a check cannot beat;
 * - evaluation: the policies evaluated over evidence already fetched (pure CPU);
 *   ceiling: raw node:crypto ECDSA P-256 verifies (a check verifies a signature and an
 *   attestation).
 * The share of a check's time spent outside registry I/O is evaluation p50 / check p50.
 */
import { rawEcdsaCeiling } from './ecdsa-ceiling.js';
import {
  compileSecurityPolicies,
  evaluateSecurityPolicies,
  parseSecurityPolicyYaml,
} from '../../src/policy/security/index.js';
import { checkImage, loadSecurityPolicies, type CheckPlan } from '../../src/check/index.js';
import { generateKeyPair } from '../../src/core/keys/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference, withDigest, type ImageReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { gatherSecurityEvidence, registryEvidence } from '../../src/pipeline/index.js';
import type { PolicyEvidence } from '../../src/policy/index.js';
import { signImage } from '../../src/signing/index.js';
import type { VulnerabilityFinding, VulnerabilityReport } from '../../src/signing/sbom/index.js';
import { CosignAnnotation, CosignMediaType } from '../../src/signing/cosign/index.js';
import { pushCosignAttachment } from '../../src/testing/cosign-attachment.js';
import { inTotoEnvelope } from '../../src/testing/cosign-evidence.js';
import { startDistributionRegistry } from '../../src/testing/index.js';
import type { Measurement, Scenario } from '../harness.js';
import { measureLoop, round, type LoopStats } from '../harness.js';
import {
  countingProxy,
  describeRequest,
  type SeenRequest,
} from '../../src/testing/counting-proxy.js';
import { requestReplayer } from './request-replay.js';

const CHECKS = 200;
const FINDINGS = 100;

const EXTRA_POLICIES = [
  ['critical-cvss', 'vulnerabilities: {cvssAtLeast: 9.0}'],
  ['named-cves', 'vulnerabilities: {ids: [CVE-2021-44228, CVE-2014-0160]}'],
  ['allowed-registries', 'image: {registries: [127.0.0.1]}'],
  ['owner-label', 'image: {requiredLabels: [owner]}'],
  ['not-root', 'image: {runsAsRoot: true}'],
]
  .map(
    ([id, criteria]) =>
      `apiVersion: signet.dev/v1alpha1\nkind: SecurityPolicy\nmetadata: {name: ${id}}\nspec: {name: ${id}, description: d, remediation: r, severity: medium, lifecycleStages: [build], criteria: {${criteria}}}\n`,
  )
  .join('---\n');

function report(): VulnerabilityReport {
  const findings: VulnerabilityFinding[] = Array.from({ length: FINDINGS }, (_, i) => ({
    id: `CVE-2026-${1000 + i}`,
    aliases: [`GHSA-${i}`],
    packageName: `package-${i % 37}`,
    installedVersion: '1.0.0',
    fixedVersions: i % 3 === 0 ? ['1.0.1'] : [],
    fixState: i % 3 === 0 ? 'fixed' : 'not-fixed',
    severity: (['low', 'medium', 'high', 'critical'] as const)[i % 4]!,
    severityBySource: {},
    cvss: [{ source: 'nvd', version: '3.1', score: (i % 100) / 10 }],
    publishedAt: '2026-01-01T00:00:00Z',
  }));
  return { format: 'trivy', scanner: 'Trivy', findings, suppressed: [] };
}

export const checkScenario: Scenario = {
  name: 'check',
  description: `signet check's checkImage on one signed image, ${FINDINGS} findings, 10 policies, local distribution registry`,
  async run(): Promise<Measurement[]> {
    const registry = await startDistributionRegistry();
    const client = new RegistryClient();
    try {
      const key = await generateKeyPair('ecdsa-p256');
      const ref = parseReference(`${registry.host}/bench/check:1.0`);
      const { digest } = await pushImage(
        client,
        ref,
        buildImage({ layers: 1, layerBytes: 256, labels: { owner: 'bench' } }),
      );
      const pinned = withDigest(ref, digest) as ImageReference & { digest: string };
      await signImage(client, pinned, key, { write: { settleMs: [0, 0] } });
      const predicate = {
        runDetails: { builder: { id: 'https://github.com/actions/runner' } },
        buildDefinition: { buildType: 'b', resolvedDependencies: [] },
      };
      await pushCosignAttachment(client, `${registry.host}/bench/check`, digest, 'att', [
        {
          mediaType: CosignMediaType.DsseEnvelope,
          bytes: inTotoEnvelope(key, digest, 'https://slsa.dev/provenance/v1', predicate),
          annotations: {
            [CosignAnnotation.Signature]: '',
            predicateType: 'https://slsa.dev/provenance/v1',
          },
        },
      ]);
      const defaults = await loadSecurityPolicies([]);
      const extra = parseSecurityPolicyYaml(EXTRA_POLICIES, 'bench');
      if (extra.problems.length > 0) throw new Error(JSON.stringify(extra.problems));
      const set = compileSecurityPolicies([...defaults.documents, ...extra.documents]);
      if (set.policies.length !== 10)
        throw new Error(`expected 10 policies, got ${set.policies.length}`);
      const evidence: PolicyEvidence = registryEvidence({
        client,
        readSecret: () => Promise.resolve(key.publicKey.pem),
      });
      const vulnerabilities = report();
      // A plan is one `signet check` invocation, which reads through one snapshot of the
      // client (each manifest once) and each image once; every check gets its own, on
      // the same warm client and connections.
      const planFor = (): CheckPlan => {
        const reads = client.snapshot();
        return {
          set,
          stage: 'build',
          client: reads,
          registry: registryEvidence({
            client: reads,
            readSecret: (name) => evidence.readSecret(name),
          }),
          vulnerabilities,
          retries: 0,
          retryDelayMs: 0,
          now: () => new Date(),
        };
      };

      const probe = await checkImage(`${registry.host}/bench/check:1.0`, planFor());
      const violated = probe.violations.map((v) => v.policy);
      if (
        probe.error !== null ||
        violated.includes('Trusted signature') ||
        violated.includes('Provenance from a trusted builder')
      )
        throw new Error(`benchmark image judged wrongly: ${probe.error ?? violated.join(', ')}`);
      const check = await measureLoop(
        () => checkImage(`${registry.host}/bench/check:1.0`, planFor()),
        {
          count: CHECKS,
          warmup: 10,
        },
      );

      // The registry requests of one warm check, counted at a proxy, then replayed raw.
      const proxy = await countingProxy(registry.host);
      let requests: SeenRequest[];
      try {
        for (let i = 0; i < 2; i++) {
          proxy.seen.length = 0;
          await checkImage(`${proxy.host}/bench/check:1.0`, planFor());
        }
        requests = [...proxy.seen];
      } finally {
        await proxy.close();
      }
      const replayer = requestReplayer(registry.host, requests);
      let io: LoopStats;
      try {
        io = await measureLoop(() => replayer.replay(), { count: CHECKS, warmup: 10 });
      } finally {
        await replayer.close();
      }

      // Evaluation over evidence fetched once: the part of a check outside registry I/O.
      const gathered = await gatherSecurityEvidence({
        client,
        image: pinned,
        registry: evidence,
        vulnerabilities,
      });
      const cached = cachedEvidence(evidence);
      const subject = {
        image: `${registry.host}/bench/check:1.0`,
        ref,
        digest,
        stage: 'build' as const,
      };
      const evaluation = await measureLoop(
        () =>
          evaluateSecurityPolicies(
            set,
            subject,
            { ...gathered, registry: cached },
            { now: new Date() },
          ),
        { count: CHECKS * 5, warmup: 20 },
      );
      const share = evaluation.p50Ms / check.p50Ms;
      const ecdsa = rawEcdsaCeiling();
      return [
        {
          name: 'check image (10 policies, 100 findings), serial',
          unit: 'checks/s',
          subject: check,
          ceiling: io,
          ceilingName: 'the same registry requests, replayed raw and all at once',
          notes: `${requests.length} requests: ${requests.map(describeRequest).join(', ')} | share of a check outside registry I/O (evaluation p50 / check p50): ${round(share * 100, 1)}%`,
        },
        {
          name: 'evaluation of 10 policies over fetched evidence',
          unit: 'evaluations/s',
          subject: evaluation,
          ceiling: await ecdsa,
          ceilingName: 'raw ECDSA P-256 verify',
          notes: 'each evaluation verifies one signature and one provenance attestation',
        },
      ];
    } finally {
      await client.close();
      await registry.stop();
    }
  },
};

/** Registry evidence read once and then served from memory, as a warm cache would. */
function cachedEvidence(evidence: PolicyEvidence): PolicyEvidence {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>) => {
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key) as Promise<T>;
  };
  return {
    fetchSignatures: (image, source) =>
      once(`s${image.digest}${source.format}`, () => evidence.fetchSignatures(image, source)),
    fetchAttestations: (image, source, type) =>
      once(`a${image.digest}${type}`, () => evidence.fetchAttestations(image, source, type)),
    readSecret: (name) => once(`k${name}`, () => evidence.readSecret(name)),
  };
}
