/**
 * Reads Kubernetes manifests for `signet check deployment -f FILE`: every YAML document (or
 * JSON object, or `kind: List`) whose kind carries a pod spec, with its images extracted by
 * the admission webhook's own extractor, so that CI and the cluster see the same images.
 */
import { parseAllDocuments } from 'yaml';
import { extractWorkload, isPlainObject } from '../../admission/review/index.js';
import { checkError } from '../../check/index.js';
import { describeError } from '../../core/errors.js';
import { readTextFile } from '../read-text-file.js';

/** Manifest files are kilobytes; a rendered chart of a whole platform stays under this. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
/** Objects read per run: bounds the registry work one command line can cause. */
const MAX_OBJECTS = 1000;

export interface WorkloadImage {
  readonly image: string;
  /** `Deployment/web` */
  readonly object: string;
  /** `containers[0] app` */
  readonly container: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

export async function readWorkloadImages(
  files: readonly string[],
  defaultNamespace: string,
): Promise<WorkloadImage[]> {
  const out: WorkloadImage[] = [];
  let objects = 0;
  for (const file of files) {
    const text = await readTextFile(file, { what: 'manifest', maxBytes: MAX_MANIFEST_BYTES });
    const docs = parseAllDocuments(text, { prettyErrors: true });
    for (const doc of Array.isArray(docs) ? docs : []) {
      if (doc.errors.length > 0)
        throw checkError(
          'CHECK_MANIFESTS_INVALID',
          `${file}: ${doc.errors[0]!.message.split('\n', 1)[0]}`,
        );
      for (const object of flatten(doc.toJS({ maxAliasCount: 100 }))) {
        if (++objects > MAX_OBJECTS)
          throw checkError(
            'CHECK_MANIFESTS_INVALID',
            `more than ${MAX_OBJECTS} objects in ${files.join(', ')}`,
          );
        out.push(...imagesOf(file, object, defaultNamespace));
      }
    }
  }
  if (out.length === 0)
    throw checkError(
      'CHECK_MANIFESTS_INVALID',
      `no workload with a container image found in ${files.join(', ')}`,
    );
  return out;
}

function flatten(value: unknown): Record<string, unknown>[] {
  if (!isPlainObject(value)) return [];
  if (value.kind === 'List' && Array.isArray(value.items)) return value.items.filter(isPlainObject);
  return [value];
}

function imagesOf(
  file: string,
  object: Record<string, unknown>,
  defaultNamespace: string,
): WorkloadImage[] {
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : defaultNamespace;
  let workload;
  try {
    workload = extractWorkload(kind, object);
  } catch (error) {
    throw checkError(
      'CHECK_MANIFESTS_INVALID',
      `${file}: ${kind}/${name}: ${describeError(error)}`,
      { cause: error },
    );
  }
  if (workload === undefined) return [];
  return workload.images.map((c) => ({
    image: c.image,
    object: `${kind}/${name}`,
    container: c.container,
    namespace,
    labels: workload.labels,
  }));
}
