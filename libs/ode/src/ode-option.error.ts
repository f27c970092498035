/** A bad option or problem field, refused up front. `option` names it, and the message starts with it. */
export class OdeOptionError extends Error {
  readonly option: string;

  constructor(option: string, requirement: string) {
    super(`"${option}" ${requirement}`);
    this.name = 'OdeOptionError';
    this.option = option;
  }
}
