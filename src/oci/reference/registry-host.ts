/**
 * Facts about registry names that the transport needs: where Docker Hub really lives, and
 * which registries are on this machine (reached over plain HTTP without asking).
 */
import { DOCKER_HUB } from './parse.js';

/**
 * Docker Hub's registry API is served by `registry-1.docker.io`; `docker.io` and
 * `index.docker.io` are names of the index, not API hosts (normalize.go).
 */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

/** The host[:port] to contact for `registry` (as in ImageReference.registry). */
export function registryEndpoint(registry: string): string {
  const lower = registry.toLowerCase();
  if (lower === DOCKER_HUB || lower === 'index.docker.io') return DOCKER_HUB_API_HOST;
  return registry;
}

/**
 * True for `localhost`, 127.0.0.0/8 and `[::1]`, with or without a port. Only exact forms
 * count: `127.0.0.1.example.com` and `localhost.example.com` resolve anywhere, and an octet
 * with a leading zero may be read as octal by some resolvers, so those are not loopback.
 */
export function isLoopbackRegistry(registry: string): boolean {
  const lower = registry.toLowerCase();
  let host: string;
  let rest: string;
  if (lower.startsWith('[')) {
    const close = lower.indexOf(']');
    if (close === -1) return false;
    host = lower.slice(0, close + 1);
    rest = lower.slice(close + 1);
  } else {
    const colon = lower.indexOf(':');
    host = colon === -1 ? lower : lower.slice(0, colon);
    rest = colon === -1 ? '' : lower.slice(colon);
  }
  if (rest !== '' && !/^:[0-9]{1,5}$/.test(rest)) return false;
  if (host === 'localhost') return true;
  if (host.startsWith('[')) return isIpv6Loopback(host.slice(1, -1));
  return isIpv4Loopback(host);
}

function isIpv4Loopback(host: string): boolean {
  const octets = host.split('.');
  if (octets.length !== 4 || octets[0] !== '127') return false;
  return octets.every((octet) => /^(?:0|[1-9][0-9]{0,2})$/.test(octet) && Number(octet) <= 255);
}

/** `::1` in any spelling with eight 16-bit groups: `::1`, `0:0:0:0:0:0:0:1`, `::0:1`. */
function isIpv6Loopback(inner: string): boolean {
  const halves = inner.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = groupsOf(halves[1] ?? '');
  const present = head.length + tail.length;
  if (halves.length === 1 ? present !== 8 : present > 7) return false;
  const groups = [...head, ...Array<string>(8 - present).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return false;
  return groups.every((group, index) => parseInt(group, 16) === (index === 7 ? 1 : 0));
}
