/**
 * Every environment variable the platform reads, with its default, description and secret flag.
 * Loaded once by loadConfig(); nothing else reads process.env.
 */
export interface VariableSpec<T> {
  readonly description: string;
  readonly secret: boolean;
  /** Default when unset; undefined means "optional, no default". */
  readonly default?: string;
  /** Parses the raw string; throws an Error whose message says what is wrong. */
  readonly parse: (raw: string) => T;
}

export type BusKind = 'inprocess' | 'kafka';

const parseIntIn = (min: number, max = Number.MAX_SAFE_INTEGER) => (raw: string): number => {
  const n = Number(raw);
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`must be an integer ${range}, got "${raw}"`);
  return n;
};

const parsePort = parseIntIn(0, 65535);

const parsePositiveInt = parseIntIn(1);

const parseBytes = (raw: string): number => {
  const m = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
  if (!m) throw new Error(`must be a size like 5mb or 1048576, got "${raw}"`);
  const mult = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
  return Number(m[1]) * mult;
};

const parseBus = (raw: string): BusKind => {
  if (raw === 'inprocess' || raw === 'kafka') return raw;
  throw new Error(`must be "inprocess" or "kafka", got "${raw}"`);
};

const parseBrokers = (raw: string): string[] => {
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('must list at least one host:port');
  for (const b of list) if (!/^[^\s:]+:\d+$/.test(b)) throw new Error(`"${b}" is not host:port`);
  return list;
};

const parseUrl = (raw: string): string => {
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error('must be a postgres:// or postgresql:// URL');
  return raw;
};

const parseString = (raw: string): string => raw;

const absoluteUrl = (raw: string): URL => {
  try {
    return new URL(raw);
  } catch {
    throw new Error(`must be an absolute http(s) URL, got "${raw}"`);
  }
};

const parsePublicUrl = (raw: string): string => {
  const url = absoluteUrl(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`must be an http(s) URL, got "${raw}"`);
  if (url.search !== '' || url.hash !== '') throw new Error('must not carry a query or a fragment');
  return raw.replace(/\/+$/, '');
};

const parseHttpUrl = (raw: string): string => {
  const url = absoluteUrl(raw);
  // plain http only to this host (a local issuer in development): keys fetched over the network need TLS
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new Error(`must be an https URL (http only to localhost), got "${raw}"`);
  return raw;
};

export type DevIssuerMode = 'auto' | 'true' | 'false';
const parseDevIssuer = (raw: string): DevIssuerMode => {
  if (raw === 'auto' || raw === 'true' || raw === 'false') return raw;
  throw new Error(`must be auto, true or false, got "${raw}"`);
};

/** Execution providers of onnxruntime-node the foundation model may ask for (libs/foundation-model). */
export type FmProviderName = 'cpu' | 'webgpu' | 'cuda';
const parseFmProvider = (raw: string): FmProviderName => {
  if (raw === 'cpu' || raw === 'webgpu' || raw === 'cuda') return raw;
  throw new Error(`must be cpu, webgpu or cuda, got "${raw}"`);
};

export const CONFIG_VARIABLES = {
  PORT: { description: 'HTTP port of the gateway / platform', secret: false, default: '3000', parse: parsePort },
  HOST: { description: 'HTTP bind address', secret: false, default: '127.0.0.1', parse: parseString },
  SHUJI_DATA_DIR: {
    description: 'Directory for embedded PostgreSQL data and other local state',
    secret: false,
    default: './data',
    parse: parseString,
  },
  SHUJI_BUS: {
    description: 'Message transport: inprocess (one process) or kafka (one process per app)',
    secret: false,
    default: 'inprocess',
    parse: parseBus,
  },
  KAFKA_BROKERS: {
    description: 'Comma-separated Kafka bootstrap servers (host:port); used when SHUJI_BUS=kafka',
    secret: false,
    default: '127.0.0.1:9092',
    parse: parseBrokers,
  },
  KAFKA_CLIENT_ID: { description: 'Kafka client id prefix', secret: false, default: 'shuji', parse: parseString },
  KAFKA_PARTITIONS: {
    description: 'Partitions per topic when topics are created up front',
    secret: false,
    default: '8',
    parse: parsePositiveInt,
  },
  DATABASE_URL: {
    description: 'PostgreSQL URL; when unset an embedded PostgreSQL is started under SHUJI_DATA_DIR',
    secret: true,
    parse: parseUrl,
  },
  SHUJI_BODY_LIMIT: {
    description: 'Largest accepted HTTP request body (413 above it)',
    secret: false,
    default: '10mb',
    parse: parseBytes,
  },
  SHUJI_MAX_ATTEMPTS: {
    description: 'Handler attempts per message before it is dead-lettered',
    secret: false,
    default: '5',
    parse: parsePositiveInt,
  },
  SHUJI_RETRY_BACKOFF_MS: {
    description: 'First retry delay in ms (doubles per attempt, capped at 30 s)',
    secret: false,
    default: '200',
    parse: parsePositiveInt,
  },
  NODE_ENV: {
    description: 'production: refuse to start without SHUJI_ACCESS_TOKENS_FILE (no development token)',
    secret: false,
    default: 'development',
    parse: parseString,
  },
  SHUJI_ACCESS_TOKENS_FILE: {
    description: 'JSON file of bearer tokens: { "<sha256 hex of token>": { "id", "role", "patients": [..] | "*" } }; unset outside production: a development admin token under SHUJI_DATA_DIR/access',
    secret: true,
    parse: parseString,
  },
  SHUJI_DASHBOARD_DIR: {
    description: 'Folder of the built clinician dashboard (npm run build:dashboard), served at /; relative to the working directory',
    secret: false,
    default: 'dist/dashboard',
    parse: parseString,
  },
  SHUJI_OIDC_ISSUER: {
    description: 'OpenID Connect issuer whose access tokens (JWT, SMART scopes) are accepted beside the token file: the exact `iss`; set with SHUJI_OIDC_AUDIENCE and SHUJI_OIDC_JWKS_URL',
    secret: false,
    parse: parseHttpUrl,
  },
  SHUJI_OIDC_AUDIENCE: { description: 'The `aud` an access token of SHUJI_OIDC_ISSUER must name (this API)', secret: false, parse: parseString },
  SHUJI_OIDC_JWKS_URL: { description: "The issuer's JSON Web Key Set (refetched when a token names an unknown key: rotation needs no restart)", secret: false, parse: parseHttpUrl },
  SHUJI_DEV_ISSUER: {
    description: 'Development token issuer of the embedded platform (POST /auth/dev-token): auto (on unless NODE_ENV=production, SHUJI_BUS=kafka or SHUJI_OIDC_ISSUER), true (refuse to start where it may not run), false',
    secret: false,
    default: 'auto',
    parse: parseDevIssuer,
  },
  SHUJI_FM_MODEL_DIR: {
    description: 'Folder of the foundation model (model.onnx, tokenizer.json), relative to the working directory',
    secret: false,
    default: 'models/shuji-fm-v2',
    parse: parseString,
  },
  SHUJI_FM_PROVIDER: {
    description: 'onnxruntime execution provider: cpu, or webgpu / cuda on a GPU (falls back to cpu with a warning)',
    secret: false,
    default: 'cpu',
    parse: parseFmProvider,
  },
  SHUJI_FM_THREADS: { description: 'Intra-op threads of the FM session (1: one batch at a time per core)', secret: false, default: '1', parse: parseIntIn(1, 64) },
  SHUJI_FM_SESSIONS: {
    description: 'FM sessions: 1 on the calling thread; 2 or more in worker threads, run side by side, one core each at SHUJI_FM_THREADS=1; a micro-batch of 32 or more is split over them',
    secret: false,
    default: '1',
    parse: parseIntIn(1, 64),
  },
  SHUJI_FM_MAX_BATCH: { description: 'Largest micro-batch of FM forecasts', secret: false, default: '256', parse: parseIntIn(1, 4096) },
  SHUJI_FM_MAX_WAIT_MS: { description: 'Longest wait (ms) for a micro-batch to fill', secret: false, default: '2', parse: parseIntIn(0, 1000) },
  SHUJI_OPS_PORT: {
    description: 'HTTP port of /health/live, /health/ready and /metrics of a process without an HTTP API (ingest, population worker); unset: none (each such process needs its own port)',
    secret: false,
    parse: parsePort,
  },
  SHUJI_INFERENCE_PORT: { description: 'HTTP port of the inference service', secret: false, default: '3002', parse: parsePort },
  SHUJI_PUBLIC_URL: {
    description: 'Base URL clients reach the platform at (e.g. https://shuji.example.org behind TLS termination): absolute links and fullUrls in FHIR Bundles; unset: the address the server is bound to (never the request\'s Host header)',
    secret: false,
    parse: parsePublicUrl,
  },
  SHUJI_RATE_LIMIT_PER_SEC: {
    description: 'Requests per second each principal (bearer token) may sustain on the HTTP API; above it 429 with Retry-After (0: no limit)',
    secret: false,
    default: '100',
    parse: parseIntIn(0, 1_000_000),
  },
  SHUJI_RATE_LIMIT_BURST: {
    description: 'Requests a principal may send at once before SHUJI_RATE_LIMIT_PER_SEC applies',
    secret: false,
    default: '1000',
    parse: parseIntIn(1, 10_000_000),
  },
  SHUJI_POPULATION_THREADS: {
    description: 'Worker threads of an in-process population job (SHUJI_BUS=inprocess); 0: one per core',
    secret: false,
    default: '0',
    parse: parseIntIn(0, 256),
  },
  SHUJI_DEMO: {
    description: 'Load the demo cohort on first start of the embedded platform (true/false)',
    secret: false,
    default: 'true',
    parse: (raw: string): boolean => {
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw new Error(`must be true or false, got "${raw}"`);
    },
  },
} as const satisfies Record<string, VariableSpec<unknown>>;
