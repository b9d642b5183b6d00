/**
 * Test-only: the URL a started Signet server prints on stderr ("… listening on https://…"),
 * awaited with a deadline; the child is killed if it does not come in time, and an early
 * exit rejects with what the child printed.
 */
import type { ChildProcess } from 'node:child_process';

export function listeningUrl(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
): Promise<string> {
  const output = child.stderr;
  if (output === null) throw new Error(`${what}: start it with stderr piped`);
  return new Promise<string>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    output.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (https?:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${String(code)}: ${stderr}`));
    });
  });
}
