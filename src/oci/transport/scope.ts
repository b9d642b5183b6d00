/**
 * Token scopes (distribution token spec, docs/spec/auth/scope.md):
 * `repository:<name>:<action>[,<action>]`. Reads ask for pull, writes for pull and push
 * (a push needs to check what exists), a cross-repository mount asks for pull on the source.
 */
export type RepositoryAction = 'pull' | 'push';

export function repositoryScope(repository: string, actions: readonly RepositoryAction[]): string {
  const ordered = (['pull', 'push'] as const).filter((a) => actions.includes(a));
  return `repository:${repository}:${ordered.join(',')}`;
}

export const pullScope = (repository: string): string => repositoryScope(repository, ['pull']);
export const pushScope = (repository: string): string =>
  repositoryScope(repository, ['pull', 'push']);

/** A stable key for a set of scopes: sorted, de-duplicated, space-separated. */
export function scopeKey(scopes: readonly string[]): string {
  return [...new Set(scopes)].sort().join(' ');
}
