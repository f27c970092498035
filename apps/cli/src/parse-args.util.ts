/** `--name value` pairs after the command; a flag without a value or an unknown flag is an error naming it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseFlags(args: readonly string[], allowed: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!allowed.includes(name)) throw new UsageError(`--${name}: unknown option (expected ${allowed.map((a) => `--${a}`).join(', ')})`);
    const value = inline ?? args[++k];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name}: needs a value`);
    if (flags.has(name)) throw new UsageError(`--${name}: given twice`);
    flags.set(name, value);
  }
  return flags;
}
