/**
 * Races work against a deadline. The work is not cancelled (registry requests have their
 * own timeouts and a coalesced verification may still serve the next review); the caller
 * just stops waiting and answers.
 */
export type Deadlined<T> = { readonly done: true; readonly value: T } | { readonly done: false };

export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<Deadlined<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Deadlined<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  const finished = work.then((value): Deadlined<T> => ({ done: true, value }));
  // Marks a late rejection as handled: once the deadline has won, nobody awaits `finished`.
  finished.catch(() => undefined);
  try {
    return await Promise.race([finished, expired]);
  } finally {
    clearTimeout(timer);
  }
}
