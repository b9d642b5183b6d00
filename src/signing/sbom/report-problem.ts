/**
 * How a format reader reports a required field of the wrong type: the caller turns the
 * field path into a typed SBOM_REPORT_INVALID error naming the file and the format.
 */
export type ReportFieldProblem = (path: string, expected: string) => never;
