/**
 * Pulls out of an admitted object what the decision needs: every container image with the
 * field path users see in messages (`spec.template.spec.containers[0].image`) and the
 * JSON Pointer a patch needs, the pull secrets, the service account and the pod labels.
 * Pure. The object is attacker-controlled: shapes are checked, and every list's length is
 * checked before its elements are visited, so work and problems stay bounded.
 */
import { admissionError } from '../errors.js';
import { isPlainObject } from './parse-review.js';
import { ProblemList } from './problem-list.js';
import { CONTAINER_LISTS, WORKLOAD_SHAPES, type ContainerList } from './workload-kinds.js';

/**
 * Images judged per object. A Pod has a handful of containers; the bound stops a crafted
 * object from turning one review into hundreds of registry verifications.
 */
export const MAX_IMAGES_PER_OBJECT = 128;
/** Pull secrets read per pod spec or service account (each is a Kubernetes API read). */
export const MAX_PULL_SECRETS = 16;
/** The reference parser's own bound (oci/reference/parse.ts): no valid reference is longer. */
export const MAX_IMAGE_CHARS = 1024;
/** Container names are DNS labels (63 characters); anything past a DNS subdomain is hostile. */
const MAX_CONTAINER_NAME_CHARS = 253;

export interface ContainerImage {
  /** `spec.containers[0].image`: the path Kubernetes itself uses in field errors. */
  readonly path: string;
  /** `/spec/containers/0/image`: RFC 6901 pointer for the mutation patch. */
  readonly pointer: string;
  readonly list: ContainerList;
  readonly container: string;
  /** The reference as written. */
  readonly image: string;
}

export interface Workload {
  readonly kind: string;
  readonly images: readonly ContainerImage[];
  readonly imagePullSecrets: readonly string[];
  /** `default` when unset, as the ServiceAccount admission plugin fills in. */
  readonly serviceAccountName: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Undefined for kinds that carry no pod spec; throws ADMISSION_REVIEW_INVALID on malformed ones. */
export function extractWorkload(
  kind: string,
  object: Readonly<Record<string, unknown>>,
): Workload | undefined {
  if (!Object.hasOwn(WORKLOAD_SHAPES, kind)) return undefined;
  const shape = WORKLOAD_SHAPES[kind]!;
  const problems = new ProblemList();
  const podSpec = walk(object, shape.podSpec);
  const specPath = shape.podSpec.join('.');
  if (!isPlainObject(podSpec)) {
    problems.add(`${specPath} is missing or not an object`);
    throw invalid(kind, problems);
  }
  const images: ContainerImage[] = [];
  let containerCount = 0;
  for (const list of CONTAINER_LISTS) {
    const containers = podSpec[list];
    if (containers === undefined || containers === null) continue;
    if (!Array.isArray(containers)) {
      problems.add(`${specPath}.${list} is not a list`);
      continue;
    }
    containerCount += containers.length;
    // Checked before the entries are visited: a crafted list may hold a million of them.
    if (containerCount > MAX_IMAGES_PER_OBJECT) continue;
    containers.forEach((container: unknown, i) => {
      const image = readImage(container, `${specPath}.${list}[${i}]`, problems);
      if (image === undefined) return;
      images.push({
        ...image,
        pointer: `/${[...shape.podSpec, list, String(i), 'image'].join('/')}`,
        list,
      });
    });
  }
  if (containerCount > MAX_IMAGES_PER_OBJECT) {
    problems.add(
      `${containerCount} containers; at most ${MAX_IMAGES_PER_OBJECT} are judged per object`,
    );
  }
  const imagePullSecrets = pullSecretNames(
    podSpec['imagePullSecrets'],
    `${specPath}.imagePullSecrets`,
    problems,
  );
  const serviceAccountName = serviceAccountOf(podSpec, specPath, problems);
  const labels = labelsAt(walk(object, shape.podLabels), shape.podLabels.join('.'), problems);
  if (problems.size > 0) throw invalid(kind, problems);
  return { kind, images, imagePullSecrets, serviceAccountName, labels };
}

/** The image and name of one container entry at `at`, or undefined after adding its problem. */
function readImage(
  container: unknown,
  at: string,
  problems: ProblemList,
): { path: string; container: string; image: string } | undefined {
  const path = `${at}.image`;
  const image = isPlainObject(container) ? container['image'] : undefined;
  if (typeof image !== 'string' || image.trim() === '') {
    problems.add(`${path} is missing or not a string`);
    return undefined;
  }
  if (image.length > MAX_IMAGE_CHARS) {
    problems.add(
      `${path} has ${image.length} characters; no image reference has more than ${MAX_IMAGE_CHARS}`,
    );
    return undefined;
  }
  const name = isPlainObject(container) ? container['name'] : undefined;
  if (typeof name === 'string' && name.length > MAX_CONTAINER_NAME_CHARS) {
    problems.add(`${at}.name is longer than ${MAX_CONTAINER_NAME_CHARS} characters`);
    return undefined;
  }
  return { path, container: typeof name === 'string' ? name : '', image };
}

/** `[{name: x}, …]` → names, as in a PodSpec and a ServiceAccount. */
export function pullSecretNames(value: unknown, path: string, problems: ProblemList): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(`${path} is not a list`);
    return [];
  }
  // Checked before the entries are visited, as for containers.
  if (value.length > MAX_PULL_SECRETS) {
    problems.add(`${path} has ${value.length} entries; at most ${MAX_PULL_SECRETS} are read`);
    return [];
  }
  const names: string[] = [];
  value.forEach((entry: unknown, i) => {
    const name = isPlainObject(entry) ? entry['name'] : undefined;
    if (typeof name !== 'string' || name === '') problems.add(`${path}[${i}].name is missing`);
    else if (!names.includes(name)) names.push(name);
  });
  return names;
}

function serviceAccountOf(
  podSpec: Record<string, unknown>,
  specPath: string,
  problems: ProblemList,
): string {
  // `serviceAccount` is the deprecated alias the API server still accepts.
  for (const field of ['serviceAccountName', 'serviceAccount']) {
    const value = podSpec[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') problems.add(`${specPath}.${field} is not a string`);
    else return value;
  }
  return 'default';
}

function labelsAt(value: unknown, path: string, problems: ProblemList): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    problems.add(`${path} is not a map of strings`);
    return {};
  }
  return value as Record<string, string>;
}

function walk(from: unknown, segments: readonly string[]): unknown {
  let here = from;
  for (const segment of segments) {
    if (!isPlainObject(here)) return undefined;
    here = here[segment];
  }
  return here;
}

function invalid(kind: string, problems: ProblemList) {
  return admissionError(
    'ADMISSION_REVIEW_INVALID',
    `malformed ${kind} in AdmissionReview: ${problems.toString()}`,
    {
      details: { problems: problems.list() },
    },
  );
}
