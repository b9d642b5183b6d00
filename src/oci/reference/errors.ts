/**
 * Error codes of image reference parsing. A reference always comes from a person or from a
 * workload spec, so a bad one is a usage error: whoever wrote it must fix it.
 */
import { errorFactory } from '../../core/errors.js';

export const REFERENCE_ERRORS = {
  REFERENCE_INVALID: {
    category: 'usage',
    summary:
      'An image reference does not follow the [registry/]repository[:tag][@digest] grammar; the message says which part is wrong.',
  },
} as const;

export const referenceError = errorFactory(REFERENCE_ERRORS);

/** Longest input echoed back in a message; references are attacker-controlled in admission. */
const QUOTED_INPUT_MAX = 300;

/** Cuts long untrusted text so a message or log line stays readable. */
function truncate(text: string): string {
  return text.length > QUOTED_INPUT_MAX ? `${text.slice(0, QUOTED_INPUT_MAX)}…` : text;
}

/**
 * The REFERENCE_INVALID error for `input`, with `problem` saying exactly what is wrong. The
 * input is quoted with JSON escaping so that control characters and newlines in it cannot
 * forge log lines.
 */
export function invalidReference(input: string, problem: string) {
  const shown = truncate(input);
  return referenceError(
    'REFERENCE_INVALID',
    `invalid reference ${JSON.stringify(shown)}: ${problem}`,
    {
      details: { reference: shown },
    },
  );
}
