/**
 * Turns a parsed policy.json into something that can be evaluated many times: key files
 * are read and parsed once ("create once, verify many"). As in containers/image, a key
 * that cannot be read or parsed does not make the policy invalid: the requirement naming
 * it rejects every image, with the reason. File access is injected (`readKeyFile`), so
 * this module stays free of I/O.
 */
import { describeError } from '../../core/errors.js';
import { loadKeyring, type PublicKeys } from '../gpg/index.js';
import { compileSigstoreTrust, type CompiledSigstoreTrust } from './compile-sigstore.js';
import type {
  KeySource,
  PolicyJson,
  Requirement,
  RequirementList,
  SignedIdentity,
} from './types.js';

export type CompiledRequirement =
  | { readonly type: 'insecureAcceptAnything' }
  | { readonly type: 'reject' }
  | {
      readonly type: 'signedBy';
      readonly keyring: PublicKeys;
      readonly signedIdentity: SignedIdentity;
    }
  | {
      readonly type: 'sigstoreSigned';
      readonly trust: CompiledSigstoreTrust;
      readonly signedIdentity: SignedIdentity;
    }
  /** Rejects every image, saying why (unreadable key, unimplemented kind, unsupported field). */
  | { readonly type: 'unusable'; readonly of: Requirement['type']; readonly reason: string };

export interface CompiledPolicyJson {
  readonly source: PolicyJson;
  readonly default: readonly CompiledRequirement[];
  /** Only the `docker` transport is evaluated; its scopes, compiled. */
  readonly docker: ReadonlyMap<string, readonly CompiledRequirement[]>;
}

export interface CompileOptions {
  /** Reads a key file named by keyPath/keyPaths; relative paths are the caller's to resolve. */
  readonly readKeyFile: (path: string) => Promise<Uint8Array>;
}

export async function compilePolicyJson(
  policy: PolicyJson,
  options: CompileOptions,
): Promise<CompiledPolicyJson> {
  const files = new Map<string, Promise<Uint8Array>>();
  const read = (path: string) => {
    let pending = files.get(path);
    if (pending === undefined) {
      pending = options.readKeyFile(path);
      files.set(path, pending);
    }
    return pending;
  };
  const compileList = (list: RequirementList) =>
    Promise.all(list.map((r) => compileRequirement(r, read)));
  const docker = new Map<string, readonly CompiledRequirement[]>();
  for (const [scope, list] of policy.transports.get('docker') ??
    new Map<string, RequirementList>()) {
    docker.set(scope, await compileList(list));
  }
  return { source: policy, default: await compileList(policy.default), docker };
}

async function compileRequirement(
  requirement: Requirement,
  read: (path: string) => Promise<Uint8Array>,
): Promise<CompiledRequirement> {
  const unusable = (reason: string): CompiledRequirement => ({
    type: 'unusable',
    of: requirement.type,
    reason,
  });
  switch (requirement.type) {
    case 'insecureAcceptAnything':
    case 'reject':
      return { type: requirement.type };
    case 'signedBaseLayer':
      return unusable(
        'signedBaseLayer is not implemented (containers/image does not implement it either)',
      );
    case 'signedBy': {
      if (requirement.keyType !== 'GPGKeys') {
        return unusable(`keyType "${requirement.keyType}" is not implemented; use GPGKeys`);
      }
      try {
        const sources = await keyMaterial(requirement.keys, read);
        if (sources.length === 0) return unusable('no public keys given (keyPaths is empty)');
        return {
          type: 'signedBy',
          keyring: await loadKeyring(sources),
          signedIdentity: requirement.signedIdentity,
        };
      } catch (error) {
        return unusable(`its GPG keys cannot be used: ${describeError(error)}`);
      }
    }
    case 'sigstoreSigned': {
      try {
        return {
          type: 'sigstoreSigned',
          trust: await compileSigstoreTrust(requirement, read),
          signedIdentity: requirement.signedIdentity,
        };
      } catch (error) {
        return unusable(`its trust material cannot be used: ${describeError(error)}`);
      }
    }
  }
}

async function keyMaterial(
  keys: KeySource,
  read: (path: string) => Promise<Uint8Array>,
): Promise<{ name: string; data: Uint8Array }[]> {
  switch (keys.kind) {
    case 'path':
      return [{ name: keys.path, data: await read(keys.path) }];
    case 'paths':
      return Promise.all(keys.paths.map(async (path) => ({ name: path, data: await read(path) })));
    case 'data':
      return keys.data.map((data, i) => ({ name: `keyData ${i + 1}`, data }));
  }
}
