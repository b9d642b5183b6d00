/**
 * Key passwords, as cosign takes them (pkg/cosign/env: COSIGN_PASSWORD): from
 * SIGNET_PASSWORD or COSIGN_PASSWORD when set (an empty value is a deliberate empty
 * password), else typed on the terminal without echo when stdin is one, else an error:
 * a pipeline must never hang on a prompt. Passwords are never printed or put in messages.
 */
import { signingCliError } from './errors.js';

export const PASSWORD_ENV = ['SIGNET_PASSWORD', 'COSIGN_PASSWORD'] as const;

export function passwordFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of PASSWORD_ENV) {
    const value = env[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

export interface PasswordRequest {
  /** What the password is for, in the prompt: `cosign.key`. */
  readonly what: string;
  /** New keys: ask twice and compare. */
  readonly confirm?: boolean;
  /** New keys: refuse an empty typed password unless this is set. */
  readonly allowEmpty?: boolean;
}

export async function obtainPassword(
  env: NodeJS.ProcessEnv,
  request: PasswordRequest,
): Promise<string> {
  const fromEnv = passwordFromEnv(env);
  if (fromEnv !== undefined) return fromEnv;
  if (process.stdin.isTTY !== true) {
    throw signingCliError(
      'PASSWORD_REQUIRED',
      `${request.what} needs a password and stdin is not a terminal; set SIGNET_PASSWORD (or COSIGN_PASSWORD, empty for no password)`,
    );
  }
  const first = await readHidden(`Enter password for ${request.what}: `);
  if (request.confirm === true) {
    if (first === '' && request.allowEmpty !== true) {
      throw signingCliError('PASSWORD_REQUIRED', 'an empty password needs --allow-empty-password');
    }
    const second = await readHidden(`Enter password for ${request.what} again: `);
    if (first !== second)
      throw signingCliError('PASSWORD_MISMATCH', 'the two passwords differ; run the command again');
  }
  return first;
}

/** Reads one line from the terminal in raw mode, so nothing typed is echoed. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error === undefined) resolve(typed);
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003')
          return done(signingCliError('PASSWORD_REQUIRED', 'password entry interrupted'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
