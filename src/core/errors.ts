/**
 * Typed errors with stable codes.
 *
 * Every error a user can see is a SignetError. Its `code` is stable (documented in
 * docs/errors.md, mapped to exit codes by the CLI); its `category` says who must act:
 *
 * - `usage`: the caller passed something malformed (a reference, a flag, a request body);
 * - `config`: an operator must fix a file (policy, key, configuration);
 * - `verification`: the artifact is not trusted (missing or bad signature, digest mismatch);
 * - `not-found`: the thing asked for does not exist (image, tag, signature set);
 * - `registry`: a registry, log or other server failed or refused (may be `temporary`);
 * - `internal`: a bug or an unexpected environment failure.
 *
 * Messages name the object (image, file, policy) and say what to do. They never contain
 * secrets: callers redact URLs and never interpolate passwords, tokens or key material.
 */
export type ErrorCategory =
  'usage' | 'config' | 'verification' | 'not-found' | 'registry' | 'internal';

/** Describes one stable error code: who must act and a one-line summary for the docs. */
export interface ErrorCodeInfo {
  readonly category: ErrorCategory;
  readonly summary: string;
}

/** A module's table of the codes it can raise, keyed by code. */
export type ErrorCodeTable = Readonly<Record<string, ErrorCodeInfo>>;

export interface SignetErrorOptions {
  /** Transient failure that the same call may get past later (429, 503, timeouts). */
  readonly temporary?: boolean;
  readonly cause?: unknown;
  /** Structured, secret-free context for `--output json` and logs. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export class SignetError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly temporary: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    category: ErrorCategory,
    message: string,
    options: SignetErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SignetError';
    this.code = code;
    this.category = category;
    this.temporary = options.temporary ?? false;
    this.details = options.details ?? {};
  }

  /** A plain object for JSON output; the cause chain is flattened to messages. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      temporary: this.temporary,
      ...(Object.keys(this.details).length > 0 ? { details: this.details } : {}),
    };
  }
}

/**
 * Makes a typed constructor for one module's error table, so that a module can only
 * raise the codes it declared and each code keeps the category it was declared with.
 */
export function errorFactory<T extends ErrorCodeTable>(table: T) {
  return (code: keyof T & string, message: string, options?: SignetErrorOptions): SignetError => {
    const info = table[code];
    if (info === undefined) throw new Error(`undeclared error code ${code}`);
    return new SignetError(code, info.category, message, options);
  };
}

export function isSignetError(value: unknown): value is SignetError {
  return value instanceof SignetError;
}

/** A short description of any thrown value, for wrapping foreign errors. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
