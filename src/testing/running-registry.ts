/** What every registry starter of the test harness hands back, and how to use one briefly. */
export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface RunningRegistry {
  readonly kind: 'distribution' | 'embedded';
  /** `127.0.0.1:PORT`, as it appears in image references. */
  readonly host: string;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Credentials a client must present; undefined when the registry is open. */
  readonly auth: RegistryCredentials | undefined;
  /** Whether `GET /v2/<name>/referrers/<digest>` is served (distribution 2.8 lacks it). */
  readonly referrersApi: boolean;
  stop(): Promise<void>;
}

/** Runs `body` against the registry `starting` hands back, and stops it afterwards, also on failure. */
export async function withRegistry<T>(
  starting: Promise<RunningRegistry>,
  body: (registry: RunningRegistry) => Promise<T>,
): Promise<T> {
  const registry = await starting;
  try {
    return await body(registry);
  } finally {
    await registry.stop();
  }
}
