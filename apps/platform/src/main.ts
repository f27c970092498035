import { Logger } from '@nestjs/common';
import { startPlatform } from './platform.bootstrap';

/** `npm start`: the whole platform in one process on localhost. */
startPlatform()
  .then(({ url, demoPatients, demoLivePatients, devTokenFile }) => {
    const log = new Logger('shuji');
    log.log(`Shuji is up (${process.env['SHUJI_BUS'] ?? 'inprocess'} bus)`);
    log.log(`  FHIR endpoint      ${url}/fhir            (POST Bundle, POST/GET Observation)`);
    log.log(`  device ingest      ${url}/v1/ingest/observations`);
    log.log(`  twin               ${url}/v1/twins/<patient-id>   (and /forecast?code=99504-3&horizon=PT1H, or &horizon=P90D for weight, BP, INR)`);
    log.log(`  readiness          ${url}/health/ready`);
    log.log(`  API description    ${url}/docs            (OpenAPI 3.1: ${url}/openapi.json)`);
    log.log(`  metrics            ${url}/metrics         (Prometheus; a service or admin token)`);
    const auth = devTokenFile === undefined ? '-H "Authorization: Bearer <your token>"' : `-H "Authorization: Bearer $(cat ${devTokenFile})"`;
    log.log(`  try                curl ${auth} '${url}/fhir/Observation?patient=${demoPatients[0] ?? '<patient-id>'}&code=8480-6'`);
    if (demoLivePatients.length > 0) log.log(`  live CGM twins     ${demoLivePatients.map((id) => `${url}/v1/twins/${id}`).join('  ')}`);
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
