/** Why an SBML document was refused; mapped at the edge (CLI exit code, HTTP 422, …). */
export enum SbmlErrorCode {
  /** Not well-formed XML or not an SBML document. */
  Malformed = 'SBML_MALFORMED',
  /** Valid SBML that uses a construct this importer does not simulate faithfully. */
  Unsupported = 'SBML_UNSUPPORTED',
  /** A model that cannot be simulated as written (cyclic rules, unknown symbol, …). */
  Invalid = 'SBML_INVALID',
}

export class SbmlError extends Error {
  constructor(
    readonly code: SbmlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SbmlError';
  }
}

/** A construct is refused rather than silently mis-simulated; names the element and its id. */
export class UnsupportedSbmlError extends SbmlError {
  constructor(
    readonly element: string,
    readonly elementId: string | undefined,
    readonly reason: string,
  ) {
    super(SbmlErrorCode.Unsupported, `unsupported <${element}>${elementId ? ` id="${elementId}"` : ''}: ${reason}`);
    this.name = 'UnsupportedSbmlError';
  }
}
