import { describe, expect, it } from 'vitest';
import { ShujiMetrics } from './shuji-metrics';

describe(ShujiMetrics.name, () => {
  it('should keep each instance on its own registry, so two apps in one process never clash', async () => {
    const a = new ShujiMetrics();
    const b = new ShujiMetrics();
    a.observationsStored.inc(3);
    expect(await a.registry.getSingleMetricAsString('shuji_observations_stored_total')).toContain('shuji_observations_stored_total 3');
    expect(await b.registry.getSingleMetricAsString('shuji_observations_stored_total')).toContain('shuji_observations_stored_total 0');
  });

  it('should time work that throws as well as work that succeeds', async () => {
    const sut = new ShujiMetrics();
    await sut.time(sut.forecastDuration, async () => 1, { method: 'twin' });
    await expect(sut.time(sut.forecastDuration, async () => Promise.reject(new Error('no')), { method: 'twin' })).rejects.toThrow('no');
    const text = await sut.registry.getSingleMetricAsString('shuji_forecast_duration_seconds');
    expect(text).toContain('shuji_forecast_duration_seconds_count{method="twin"} 2');
  });

  it('should expose every platform metric and the process metrics in the Prometheus text format', async () => {
    const sut = new ShujiMetrics();
    sut.httpRequestDuration.observe({ method: 'GET', route: '/v1/twins/:patientId', status: '200' }, 0.012);
    sut.deadLetters.inc({ topic: 'shuji.ingest.requested.v1' });
    sut.consumerLag.set({ group: 'shuji-twin', topic: 'shuji.observation.recorded.v1', partition: '3' }, 42);
    const text = await sut.registry.metrics();
    for (const name of ['shuji_http_request_duration_seconds_bucket', 'shuji_observations_stored_total', 'shuji_dead_letters_total', 'shuji_twin_update_duration_seconds', 'shuji_forecast_duration_seconds', 'shuji_consumer_lag_messages', 'shuji_process_resident_memory_bytes']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('route="/v1/twins/:patientId"');
    expect(text).toContain('shuji_consumer_lag_messages{group="shuji-twin",topic="shuji.observation.recorded.v1",partition="3"} 42');
  });
});
