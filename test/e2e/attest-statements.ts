// The in-toto statements `verify-attestation` printed, as Signet and cosign both print
// them: one verified DSSE envelope JSON per stdout line, its payload the statement.

export function statements(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map(
      (l) =>
        JSON.parse(
          Buffer.from((JSON.parse(l) as { payload: string }).payload, 'base64').toString(),
        ) as Record<string, unknown>,
    );
}
