/**
 * Test-only: the URLs a started Signet server prints on stderr ("signet webhook listening
 * on https://…"), awaited with a deadline; the child is killed if they do not come in
 * time, and an early exit rejects with what the child printed.
 */
import type { ChildProcess } from 'node:child_process';

/** The first URL the child says it listens on. */
export async function listeningUrl(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
): Promise<string> {
  return (await listeningUrls(child, what, timeoutMs, ['']))[''];
}

/**
 * The URL of each named part (`tlog`, `webhook`, `server` for "signet tlog listening on
 * …"), once every one has been printed; '' names whatever part prints first.
 */
export function listeningUrls<Part extends string>(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
  parts: readonly Part[],
): Promise<Record<Part, string>> {
  const output = child.stderr;
  if (output === null) throw new Error(`${what}: start it with stderr piped`);
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    output.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = {} as Record<Part, string>;
      for (const part of parts) {
        const label = part === '' ? '' : `${part} `;
        const match = new RegExp(`${label}listening on (https?://\\S+)`).exec(stderr);
        if (match === null) return;
        found[part] = match[1]!;
      }
      clearTimeout(timer);
      resolve(found);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${String(code)}: ${stderr}`));
    });
  });
}
