/**
 * registries.d: where lookaside signatures of docker images live (containers-registries.d(5),
 * containers/image docker/registries_d.go). Each `*.yaml` file may hold
 *
 *   default-docker: { lookaside: URL, lookaside-staging: URL, use-sigstore-attachments: bool }
 *   docker:
 *     registry.example.com/team:  { lookaside: ... }   # any scope of dockerPolicyNamespaces
 *
 * `sigstore` and `sigstore-staging` are the older names of `lookaside` and
 * `lookaside-staging`. Files are merged; a scope (or default-docker) configured in two files
 * is an error. Unknown members are ignored, as containers/image ignores them, so that one
 * folder serves podman, skopeo and Signet. Pure: the loader reads the files.
 */
import { parseDocument } from 'yaml';
import type { ImageReference } from '../../oci/reference/index.js';
import { dockerScopesMostSpecificFirst } from './docker-scopes.js';
import { lookasideError } from './errors.js';

export interface LookasideNamespace {
  /** For reading, and for writing when no staging location is set. */
  readonly lookaside?: string;
  /** For writing only. */
  readonly lookasideStaging?: string;
  /** Whether cosign (sigstore) signatures are read from, and written to, the registry. */
  readonly useSigstoreAttachments?: boolean;
}

export interface RegistriesConfig {
  readonly defaultDocker?: LookasideNamespace;
  readonly docker: ReadonlyMap<string, LookasideNamespace>;
}

export interface RegistriesFile {
  readonly name: string;
  readonly text: string;
}

/** registries.d files are a few lines; this stops a mistaken path from loading a large file. */
export const MAX_REGISTRIES_FILE_BYTES = 1024 * 1024;

export const EMPTY_REGISTRIES_CONFIG: RegistriesConfig = { docker: new Map() };

/** Parses and merges files, in the order given (the loader sorts them by name). */
export function parseRegistriesD(files: readonly RegistriesFile[]): RegistriesConfig {
  let defaultDocker: { value: LookasideNamespace; from: string } | undefined;
  const docker = new Map<string, LookasideNamespace>();
  const origin = new Map<string, string>();
  for (const file of files) {
    const parsed = parseOne(file);
    if (parsed.defaultDocker !== undefined) {
      if (defaultDocker !== undefined) {
        throw invalid(file.name, `"default-docker" is also defined in ${defaultDocker.from}`);
      }
      defaultDocker = { value: parsed.defaultDocker, from: file.name };
    }
    for (const [scope, namespace] of parsed.docker) {
      const earlier = origin.get(scope);
      if (earlier !== undefined) {
        throw invalid(file.name, `docker scope "${scope}" is also defined in ${earlier}`);
      }
      docker.set(scope, namespace);
      origin.set(scope, file.name);
    }
  }
  return { ...(defaultDocker === undefined ? {} : { defaultDocker: defaultDocker.value }), docker };
}

/**
 * The lookaside URL configured for `ref`, or undefined when none is (containers/image then
 * uses its built-in directory). The most specific scope with a URL for the purpose wins; a
 * scope that sets only other fields does not stop the search.
 */
export function lookasideUrlFor(
  config: RegistriesConfig,
  ref: ImageReference,
  purpose: 'read' | 'write',
): string | undefined {
  for (const namespace of namespacesFor(config, ref)) {
    const url =
      (purpose === 'write' ? namespace.lookasideStaging : undefined) ?? namespace.lookaside;
    if (url !== undefined) return url;
  }
  return undefined;
}

/** `use-sigstore-attachments` of the most specific scope that sets it; default false. */
export function useSigstoreAttachmentsFor(config: RegistriesConfig, ref: ImageReference): boolean {
  for (const namespace of namespacesFor(config, ref)) {
    if (namespace.useSigstoreAttachments !== undefined) return namespace.useSigstoreAttachments;
  }
  return false;
}

function namespacesFor(config: RegistriesConfig, ref: ImageReference): LookasideNamespace[] {
  const found = dockerScopesMostSpecificFirst(ref)
    .map((scope) => config.docker.get(scope))
    .filter((n): n is LookasideNamespace => n !== undefined);
  return config.defaultDocker === undefined ? found : [...found, config.defaultDocker];
}

function parseOne(file: RegistriesFile): {
  defaultDocker?: LookasideNamespace;
  docker: Map<string, LookasideNamespace>;
} {
  if (file.text.length > MAX_REGISTRIES_FILE_BYTES) {
    throw invalid(file.name, `it is larger than ${MAX_REGISTRIES_FILE_BYTES} bytes`);
  }
  const document = parseDocument(file.text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw invalid(file.name, `it is not valid YAML: ${document.errors[0]!.message}`);
  }
  const root: unknown = document.toJS() ?? {};
  if (!isRecord(root)) throw invalid(file.name, 'the top level must be a mapping');
  const docker = new Map<string, LookasideNamespace>();
  const scopes = root['docker'] ?? {};
  if (!isRecord(scopes)) throw invalid(file.name, '"docker" must be a mapping of scopes');
  for (const [scope, value] of Object.entries(scopes)) {
    docker.set(scope, parseNamespace(value ?? {}, `docker."${scope}"`, file.name));
  }
  const defaultValue = root['default-docker'];
  return {
    ...(defaultValue === undefined || defaultValue === null
      ? {}
      : { defaultDocker: parseNamespace(defaultValue, 'default-docker', file.name) }),
    docker,
  };
}

function parseNamespace(value: unknown, where: string, file: string): LookasideNamespace {
  if (!isRecord(value)) throw invalid(file, `${where} must be a mapping`);
  const text = (key: string): string | undefined => {
    const field = value[key];
    if (field === undefined || field === null || field === '') return undefined;
    if (typeof field !== 'string') throw invalid(file, `${where}.${key} must be a URL string`);
    return field;
  };
  const attachments = value['use-sigstore-attachments'];
  if (attachments !== undefined && attachments !== null && typeof attachments !== 'boolean') {
    throw invalid(file, `${where}.use-sigstore-attachments must be true or false`);
  }
  // The newer names win over the older ones, as in registryNamespace.signatureTopLevel.
  const lookaside = text('lookaside') ?? text('sigstore');
  const staging = text('lookaside-staging') ?? text('sigstore-staging');
  return {
    ...(lookaside === undefined ? {} : { lookaside }),
    ...(staging === undefined ? {} : { lookasideStaging: staging }),
    ...(typeof attachments === 'boolean' ? { useSigstoreAttachments: attachments } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(file: string, problem: string) {
  return lookasideError(
    'LOOKASIDE_CONFIG_INVALID',
    `registries.d file ${file}: ${problem}; fix the file (containers-registries.d(5))`,
  );
}
