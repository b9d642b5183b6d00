/**
 * Validates one ClusterImagePolicy object (policy-controller's
 * clusterimagepolicy_validation.go and _defaults.go, plus Signet's refusals of what it does
 * not enforce) into a PolicyDocument, recording every problem on the way.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { compileGlob } from '../glob.js';
import {
  POLICY_API_VERSIONS,
  POLICY_KIND,
  type AuthoritySpec,
  type PolicyDocument,
} from '../types.js';
import { validateAuthority } from './authority.js';
import { checkNotationApiGroup } from './notation-api-group.js';
import {
  checkFields,
  readArray,
  readObject,
  readString,
  validateEach,
  validateNamedList,
  type ValidationContext,
} from './context.js';
import { validateMatchRules } from './match.js';

/** metadata.name is a DNS subdomain name (Kubernetes object names, RFC 1123). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const SPEC_UNSUPPORTED = {
  policy:
    'policy-controller evaluates a CUE or Rego policy over all authority results here; Signet has no policy-level language yet. Express conditions on attestations with `authorities[].attestations[].policy` of type cel',
};

export function validateDocument(
  ctx: ValidationContext,
  value: unknown,
  environment: () => Environment,
): PolicyDocument | undefined {
  const root = readObject(ctx, value, []);
  if (root === undefined) return undefined;
  checkFields(ctx, root, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);

  const apiVersion = readString(ctx, root, 'apiVersion', [], true);
  const known = POLICY_API_VERSIONS.find((v) => v === apiVersion);
  if (apiVersion !== undefined && known === undefined) {
    ctx.error(
      ['apiVersion'],
      `"${apiVersion}" is not supported; use one of ${POLICY_API_VERSIONS.join(', ')}`,
    );
  }
  const kind = readString(ctx, root, 'kind', [], true);
  if (kind !== undefined && kind !== POLICY_KIND) {
    ctx.error(['kind'], `"${kind}" is not supported; only ${POLICY_KIND} documents are read`);
  }
  // Another kind of object (a Secret beside the policies) gets one clear problem, not a list.
  if (known === undefined || kind !== POLICY_KIND) return undefined;
  const name = readName(ctx, root.metadata);
  const spec =
    root.spec === undefined
      ? ctx.error(['spec'], 'is required')
      : readObject(ctx, root.spec, ['spec']);
  if (spec === undefined) return undefined;
  checkFields(ctx, spec, ['spec'], ['images', 'authorities', 'mode', 'match'], SPEC_UNSUPPORTED);

  const images = validateImages(ctx, spec.images);
  const modeText = readString(ctx, spec, 'mode', ['spec']) ?? 'enforce';
  if (modeText !== 'enforce' && modeText !== 'warn') {
    ctx.error(['spec', 'mode'], `"${modeText}" is not a mode; use enforce (the default) or warn`);
  }
  const match = spec.match === undefined ? [] : validateMatchRules(ctx, spec.match);
  const authorities = validateAuthorities(ctx, spec.authorities, environment);
  if (known !== undefined) checkNotationApiGroup(ctx, known, authorities);

  if (
    name === undefined ||
    images === undefined ||
    match === undefined ||
    authorities === undefined
  ) {
    return undefined;
  }
  const at = ctx.position([]);
  return {
    apiVersion: known,
    name,
    origin: at === undefined ? ctx.source : `${ctx.source}:${at.line}`,
    images,
    mode: modeText === 'warn' ? 'warn' : 'enforce',
    match,
    authorities,
  };
}

export function readName(ctx: ValidationContext, value: unknown): string | undefined {
  if (value === undefined)
    return ctx.error(['metadata'], 'is required (metadata.name names the policy)');
  const metadata = readObject(ctx, value, ['metadata']);
  if (metadata === undefined) return undefined;
  // Other metadata (labels, annotations, uid, resourceVersion…) is Kubernetes' business: not checked.
  const name = readString(ctx, metadata, 'name', ['metadata'], true);
  if (name !== undefined && (name.length > 253 || !DNS_SUBDOMAIN.test(name))) {
    return ctx.error(
      ['metadata', 'name'],
      `"${name.slice(0, 80)}" is not a valid object name: lowercase letters, digits, "-" and ".", at most 253 characters`,
    );
  }
  return name;
}

function validateImages(ctx: ValidationContext, value: unknown): string[] | undefined {
  if (value === undefined)
    return ctx.error(['spec', 'images'], 'is required: list the image globs the policy covers');
  const list = readArray(ctx, value, ['spec', 'images']);
  if (list === undefined) return undefined;
  if (list.length === 0) return ctx.error(['spec', 'images'], 'must list at least one image glob');
  return validateEach(list, ['spec', 'images'], (item, path) => {
    const entry = readObject(ctx, item, path);
    if (entry === undefined) return undefined;
    checkFields(ctx, entry, path, ['glob'], {
      regex: 'policy-controller removed regex image patterns; use a glob',
    });
    const glob = readString(ctx, entry, 'glob', path, true);
    if (glob === undefined) return undefined;
    const compiled = compileGlob(glob);
    if (!compiled.ok) {
      return ctx.error(
        [...path, 'glob'],
        `"${glob.slice(0, 100)}" is invalid: ${compiled.problem}`,
      );
    }
    if (!couldNameRegistry(glob)) {
      ctx.warning(
        [...path, 'glob'],
        `"${glob}" is matched against fully qualified names such as index.docker.io/library/nginx:latest; without a registry host it matches nothing (write index.docker.io/${glob.includes('/') ? '' : 'library/'}${glob})`,
      );
    }
    return glob;
  });
}

/** The first component of a normalised name is a host: it has "." or ":" or is localhost. */
function couldNameRegistry(glob: string): boolean {
  if (glob === '*' || glob === '*/*') return true;
  const first = glob.split('/', 1)[0]!;
  return first.includes('*') || first.includes('.') || first.includes(':') || first === 'localhost';
}

function validateAuthorities(
  ctx: ValidationContext,
  value: unknown,
  environment: () => Environment,
): AuthoritySpec[] | undefined {
  const path = ['spec', 'authorities'];
  if (value === undefined)
    return ctx.error(path, 'is required: an image passes the policy when one authority passes');
  const list = readArray(ctx, value, path);
  if (list === undefined) return undefined;
  if (list.length === 0) return ctx.error(path, 'must list at least one authority');
  return validateNamedList(
    ctx,
    list,
    path,
    { item: 'authority', container: 'policy' },
    (item, itemPath, i) => validateAuthority(ctx, item, itemPath, i, environment),
  );
}
