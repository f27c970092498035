import { CONFIG_VARIABLES, type VariableSpec } from './config-variables';

type Vars = typeof CONFIG_VARIABLES;
type Parsed<S> = S extends VariableSpec<infer T> ? T : never;
/** The typed configuration: a variable without default is optional. */
export type ShujiConfig = {
  readonly [K in keyof Vars]: Vars[K] extends { default: string } ? Parsed<Vars[K]> : Parsed<Vars[K]> | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads, parses and validates every variable at once; throws one ConfigError naming all bad variables,
 * so a misconfigured process fails at start instead of at first use.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): ShujiConfig {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CONFIG_VARIABLES) as [string, VariableSpec<unknown>][]) {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? spec.default : raw;
    if (value === undefined) {
      out[name] = undefined;
      continue;
    }
    try {
      out[name] = spec.parse(value);
    } catch (err) {
      // parsers of secret variables never echo the value, so the message is safe to log
      problems.push(`${name}: ${(err as Error).message}`);
    }
  }
  problems.push(...crossCheck(out));
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(out) as ShujiConfig;
}

/** Variables that only make sense together. */
const TOGETHER: readonly (readonly string[])[] = [['SHUJI_OIDC_ISSUER', 'SHUJI_OIDC_AUDIENCE', 'SHUJI_OIDC_JWKS_URL']];

function crossCheck(parsed: Readonly<Record<string, unknown>>): string[] {
  return TOGETHER.flatMap((group) => {
    const missing = group.filter((name) => parsed[name] === undefined);
    return missing.length === 0 || missing.length === group.length ? [] : [`${missing.join(', ')}: must be set together with ${group.filter((n) => !missing.includes(n)).join(', ')}`];
  });
}

/** A table of the variables for docs and `--help`: secrets are never shown with their values. */
export function describeConfig(): { name: string; default: string; secret: boolean; description: string }[] {
  return Object.entries(CONFIG_VARIABLES).map(([name, spec]) => ({
    name,
    default: 'default' in spec ? spec.default : '',
    secret: spec.secret,
    description: spec.description,
  }));
}
