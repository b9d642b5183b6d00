/** Error codes of in-toto statements and their DSSE envelopes (src/signing/intoto). */
export const INTOTO_ERRORS = {
  IN_TOTO_STATEMENT_INVALID: {
    category: 'verification',
    summary:
      'An in-toto statement is not JSON of the form {_type, subject[{digest}], predicateType, predicate}; the message names the field.',
  },
  IN_TOTO_STATEMENT_REFUSED: {
    category: 'verification',
    summary:
      'An in-toto statement is well formed but is not the one asked for: another payload type, predicate type or subject digest.',
  },
} as const;
