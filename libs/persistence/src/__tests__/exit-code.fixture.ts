// Run by embedded-postgres.medium.spec.ts as its own process: starts and stops an embedded PostgreSQL, then asks
// for exit code 3. The process must end with 3, whatever the embedded-postgres package hooks on exit.
import { EmbeddedPostgresServer } from '../embedded-postgres.server';

const server = new EmbeddedPostgresServer({ dataDir: process.argv[2]!, port: Number(process.argv[3]) });
void server
  .start()
  .then(() => server.stop())
  .then(() => {
    process.exitCode = 3;
  });
