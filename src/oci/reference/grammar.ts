/**
 * The pieces of the image reference grammar of distribution/reference (`regexp.go`), each
 * checked on its own so that a message can say which piece is wrong:
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component [ "/" path-component ]*
 *   domain    := host [ ":" port ]      host := domain-name | "[" IPv6 "]"
 *
 * Every checker returns `undefined` when the piece is valid, else a sentence saying what is
 * wrong. All input here is attacker-controlled (it comes from workload specs in admission), so
 * the patterns are written to match in linear time: every repetition starts with a character
 * that the one before it cannot consume.
 */
import { DIGEST_ALGORITHMS } from '../../core/digest.js';

/** path-component: lowercase alphanumerics joined by one ".", one or two "_", or dashes. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** domain-component, after lowercasing: alphanumerics with inner dashes. */
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The grammar keeps IPv6 simple: hex digits and colons, no zone identifier, no IPv4 tail. */
const IPV6_INNER = /^[0-9a-f:]+$/;

/** Tag characters (`[\w][\w.-]*`); the length is checked apart to say so in the message. */
const TAG_CHARACTERS = /^\w[\w.-]*$/;

/** Tags are at most 128 characters (distribution/reference, from docker's graph/tags.go). */
export const TAG_MAX_LENGTH = 128;

/**
 * digest := algorithm ":" hex, algorithm components joined by "+", ".", "_" or "-". The
 * grammar asks for at least 32 hex digits; the exact length per algorithm is checked later,
 * so a short digest is reported as short rather than as malformed.
 */
const DIGEST_SYNTAX = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]+$/;

/** Ports are 16-bit; the grammar allows any digits, which no registry can listen on. */
const PORT_MAX = 65535;

export function pathComponentProblem(component: string): string | undefined {
  if (component === '') {
    return 'the repository path has an empty component (look for "//" or a "/" at an end)';
  }
  if (PATH_COMPONENT.test(component)) return undefined;
  if (PATH_COMPONENT.test(component.toLowerCase())) {
    return `repository name must be lowercase (${JSON.stringify(component)} has uppercase letters)`;
  }
  return (
    `repository path component ${JSON.stringify(component)} is not valid: use lowercase ` +
    'letters and digits, separated by ".", "_", "__" or dashes, starting and ending with a letter or digit'
  );
}

/**
 * Checks `host[:port]` as written in a reference; the caller has lowercased it because host
 * names are case-insensitive (RFC 4343) and one spelling keeps policy matching exact.
 */
export function registryProblem(registry: string): string | undefined {
  let rest: string;
  if (registry.startsWith('[')) {
    const close = registry.indexOf(']');
    if (close === -1) return `IPv6 registry address ${JSON.stringify(registry)} has no closing "]"`;
    const inner = registry.slice(1, close);
    if (!IPV6_INNER.test(inner)) {
      return (
        `IPv6 registry address ${JSON.stringify(registry.slice(0, close + 1))} may contain only ` +
        'hex digits and ":" (zone identifiers and embedded IPv4 are not supported)'
      );
    }
    rest = registry.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) {
      return `unexpected ${JSON.stringify(rest)} after the IPv6 registry address`;
    }
  } else {
    const colon = registry.indexOf(':');
    const host = colon === -1 ? registry : registry.slice(0, colon);
    rest = colon === -1 ? '' : registry.slice(colon);
    if (!host.split('.').every((label) => DOMAIN_LABEL.test(label))) {
      return (
        `registry host ${JSON.stringify(host)} is not a valid host name: each dot-separated ` +
        'label must be letters and digits, with dashes only inside'
      );
    }
  }
  if (rest === '') return undefined;
  const port = rest.slice(1);
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) > PORT_MAX) {
    return `registry port ${JSON.stringify(port)} is not a number from 0 to ${PORT_MAX}`;
  }
  return undefined;
}

export function tagProblem(tag: string): string | undefined {
  if (tag === '') return 'the tag after ":" is empty';
  if (!TAG_CHARACTERS.test(tag)) {
    return (
      `tag ${JSON.stringify(tag)} may contain only letters, digits, "_", "." and "-", ` +
      'and must not start with "." or "-"'
    );
  }
  if (tag.length > TAG_MAX_LENGTH) {
    return `tag ${JSON.stringify(tag)} has ${tag.length} characters, at most ${TAG_MAX_LENGTH}`;
  }
  return undefined;
}

/**
 * Checks the grammar's digest shape, then the rules Signet can enforce: a supported algorithm
 * and the hex length of that algorithm (the final word is core's parseDigest, called by the
 * parser). Upper-case hex matches the grammar but no registry serves it (go-digest rejects it).
 */
export function digestProblem(digest: string): string | undefined {
  if (digest === '') return 'the digest after "@" is empty';
  if (!DIGEST_SYNTAX.test(digest)) {
    return `digest ${JSON.stringify(digest)} is not of the form algorithm:hex (for example sha256:<64 hex digits>)`;
  }
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (!Object.hasOwn(DIGEST_ALGORITHMS, algorithm)) {
    return `digest algorithm ${JSON.stringify(algorithm)} is not supported (use sha256 or sha512)`;
  }
  if (hex !== hex.toLowerCase()) {
    return `digest ${JSON.stringify(digest)} must use lowercase hex digits`;
  }
  return undefined;
}
