/** A request a planner cannot answer, naming the offending field; the HTTP edge maps it to 400. */
export class RecommendInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'RecommendInputError';
  }
}
