import 'reflect-metadata';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { AuditRepository, TwinSnapshotRepository } from '@shuji/persistence';
import { TwinService } from '@shuji/twin';
import { DataSource } from 'typeorm';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../apps/platform/src/index';
import { writeTestTokens } from './support/access-tokens.testing';
import { getJson, postJson, putJson } from './support/http.testing';

/**
 * The clinician dashboard in a real browser: Debian's Chromium driven by playwright-core, against the embedded platform
 * with its demo (three Synthea persons, two live virtual T1D persons). Screenshots go to test-artifacts/dashboard/.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../test-artifacts/dashboard');
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-dashboard-'));
const access = writeTestTokens({ patient: { id: 'patient:demo-t1d-2', role: Role.Patient, patients: ['demo-t1d-2'] } });

let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  const outDir = join(dataDir, 'dashboard');
  await build({ configFile: resolve(__dirname, '../apps/dashboard/vite.config.mts'), build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  platform = await startPlatform({ SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dataDir, PORT: '0', SHUJI_DEMO: 'true', SHUJI_DASHBOARD_DIR: outDir });
  await platform.app.get(InProcessBroker).whenIdle();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function signIn(token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const started = Date.now();
  await page.goto(platform.url);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Patients' }).waitFor();
  expect(Date.now() - started).toBeLessThan(15_000);
  return page;
}

describe('clinician dashboard', () => {
  it('should refuse a wrong token in words and keep the sign-in form', async () => {
    const page = await browser.newPage();
    await page.goto(platform.url);
    await page.getByLabel('Access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not valid/);
    await page.close();
  });

  it('should list the panel with flags, find a patient by search, and show their glucose with the forecast band, live', async () => {
    const page = await signIn(access.tokens.admin);
    const rows = page.locator('tbody tr[data-patient]');
    await rows.first().waitFor();
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-patient')));
    expect(ids).toEqual(expect.arrayContaining(['demo-t1d-1', 'demo-t1d-2']));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const synthea = platform.demoPatients[0];
    await page.screenshot({ path: join(ARTIFACTS, 'panel.png'), fullPage: true });

    // a stored recommendation for the patient, shown on their page for a decision
    const weightPlan = { sex: 'male', age_years: 36, height_cm: 173, weight_kg: 76, physical_activity_level: 1.5, goal_weight_kg: 70, start_date: '2026-01-01', goal_date: '2027-01-01' };
    const created = await postJson(`${platform.url}/v1/recommendations`, { kind: 'weight-plan', patient_id: 'demo-t1d-1', inputs: weightPlan }, 'application/json', access.tokens.admin);
    expect(created.status).toBe(201);

    await page.getByLabel('Search patients').fill('t1d-1');
    await expect(rows.count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'demo-t1d-1' }).press('Enter'); // keyboard, as a clinician may
    await page.getByRole('heading', { name: /Patient demo-t1d-1/ }).waitFor();
    await page.getByText('● live').waitFor({ timeout: 30_000 });
    const glucose = page.locator('figure[data-code="99504-3"]');
    await glucose.locator('canvas').waitFor({ timeout: 60_000 });
    await expect(glucose.getByText('forecast median').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText(/Revision \d+/).count()).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'patient-demo-t1d-1.png'), fullPage: true });
    // a what-if on the twin: a stronger carbohydrate ratio over the next week, each outcome per arm and paired
    await page.getByLabel(/Carbohydrate ratio/).fill('8');
    await page.getByRole('button', { name: 'Simulate the next 7 days' }).click();
    const tir = page.locator('tr[data-outcome="time_in_range"]');
    await tir.waitFor({ timeout: 120_000 });
    await expect(tir.locator('td').count()).resolves.toBe(3);
    await expect(tir.locator('td').nth(2).textContent()).resolves.toMatch(/^-?\d+\.\d \(/);
    await page.screenshot({ path: join(ARTIFACTS, 'what-if-demo-t1d-1.png'), fullPage: true });
    // the health plan: the seven consensus targets with where the person stands, and the actions weighed
    const plan = page.locator('section.health-plan');
    await plan.locator('li[data-target]').first().waitFor({ timeout: 120_000 });
    await expect(plan.locator('li[data-target]').count()).resolves.toBe(7);
    await expect(plan.locator('li[data-target="time-in-range"]').textContent()).resolves.toMatch(/^Time in range \(70–180 mg\/dL\) above 70 %: \d+\.\d % \((met|not met)\)$/);
    await expect(plan.locator('article[data-action], li[data-not-offered]').count()).resolves.toBeGreaterThan(0);
    // pump settings asked of the twin: the stored result joins the list, with what it rests on
    const recommendButton = page.getByRole('button', { name: 'Recommend pump settings' });
    await recommendButton.click();
    await expect(recommendButton.isDisabled()).resolves.toBe(true); // one search at a time: each result is stored
    const settings = page.locator('article.recommendation', { hasText: 't1d-settings' });
    await settings.waitFor({ timeout: 240_000 });
    await expect(settings.locator('.headline').textContent()).resolves.toMatch(/→ time in range [+−±][\d.]+ \(10–90 %: .+\) over P7D$|^No change offered: /);
    await expect(settings.locator('.meta').textContent()).resolves.toMatch(/rests on uva-padova-s2008 .+, twin revision \d+;/);
    await expect.poll(() => recommendButton.isDisabled()).toBe(false); // and again once the result is in the list
    await page.screenshot({ path: join(ARTIFACTS, 'settings-recommendation-demo-t1d-1.png'), fullPage: true });
    // the recommendation: an override without a reason is refused in words, with one it is recorded
    const recommendation = page.locator(`article[data-recommendation="${(created.body as { id: string }).id}"]`);
    await recommendation.getByText(/kcal\/day reaches 70 kg by 2027-01-01/).waitFor();
    await recommendation.getByRole('button', { name: 'Override' }).click();
    await expect(recommendation.getByRole('alert').textContent()).resolves.toMatch(/reason/);
    await recommendation.getByLabel('Reason').fill('goal too fast for this patient');
    await recommendation.getByRole('button', { name: 'Override' }).click();
    await recommendation.locator('[data-status="overridden"]').waitFor();
    await expect(recommendation.textContent()).resolves.toContain('Overridden by test-admin: goal too fast for this patient');
    await page.screenshot({ path: join(ARTIFACTS, 'recommendation-demo-t1d-1.png'), fullPage: true });
    // a Synthea person: clinic weight and blood pressure over years, each with the twin's forecast band
    await page.getByRole('link', { name: '← all patients' }).click();
    await page.getByLabel('Search patients').fill(synthea);
    await page.getByRole('link', { name: synthea }).click();
    for (const code of ['29463-7', '8480-6']) {
      const chart = page.locator(`figure[data-code="${code}"]`);
      await chart.locator('canvas').waitFor({ timeout: 60_000 });
      await expect(chart.getByText('forecast median').count()).resolves.toBeGreaterThan(0);
    }
    // the twin's components are listed one per item, with why the data chose them
    const components = (await page.locator('ul.components li').allTextContents()).join('\n');
    expect(components).toMatch(/hall-body-weight/);
    expect(components).toMatch(/blood-pressure/);
    await page.screenshot({ path: join(ARTIFACTS, 'patient-synthea.png'), fullPage: true });
    // every patient whose data the panel showed has an audit row for this principal
    const audit = await platform.app.get(AuditRepository).findByPatient('demo-t1d-1');
    expect(audit.some((a) => a.actor === 'test-admin' && a.action === 'read-panel')).toBe(true);
    expect(audit.some((a) => a.actor === 'test-admin' && a.action === 'subscribe-twin-updates')).toBe(true);
    await page.close();
  }, 600_000);

  it("should show a patient only their own record, and nobody else's by any link", async () => {
    const page = await signIn(access.tokens.patient);
    await page.locator('tbody tr[data-patient]').first().waitFor();
    const ids = await page.locator('tbody tr[data-patient]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-patient')));
    expect(ids).toEqual(['demo-t1d-2']);
    await page.goto(`${platform.url}/#/patients/demo-t1d-1`);
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/not allowed/);
    await expect(page.locator('figure canvas').count()).resolves.toBe(0);
    await expect(page.getByText('reconnecting').count()).resolves.toBe(0); // a refusal is final, not retried
    await page.screenshot({ path: join(ARTIFACTS, 'patient-refused.png'), fullPage: true });
    await page.close();
  });
});

describe('patient app API /v1/me', () => {
  const me = (path: string): string => `${platform.url}/v1/me${path}`;

  it('should serve a patient their own twin and forecast, and refuse /v1/me to anyone who is not one patient', async () => {
    const twin = await getJson(me('/twin'), access.tokens.patient);
    expect(twin.status).toBe(200);
    expect(twin.body).toMatchObject({ patientId: 'demo-t1d-2' });
    const forecast = await getJson(me('/twin/forecast?code=99504-3&horizon_min=30'), access.tokens.patient);
    expect(forecast.status).toBe(200);
    expect((forecast.body as { points: unknown[] }).points).toHaveLength(6);
    expect((await getJson(me('/twin'), access.tokens.admin)).status).toBe(403);
    expect((await getJson(me('/twin'))).status).toBe(401);
  });

  it("should take a patient's own readings without a patient id and refuse one naming another patient", async () => {
    const reading = { code: '99504-3', value: 123, unit: 'mg/dL', time: new Date(Date.now() - 60_000).toISOString(), event_id: 'app-reading-1' };
    expect((await postJson(me('/observations'), [reading], 'application/json', access.tokens.patient)).status).toBe(202);
    expect((await postJson(me('/observations'), [{ ...reading, event_id: 'app-reading-2', patient_id: 'demo-t1d-1' }], 'application/json', access.tokens.patient)).status).toBe(403);
    await platform.app.get(InProcessBroker).whenIdle();
    const stored = await getJson(`${platform.url}/fhir/Observation?patient=demo-t1d-2&code=99504-3&date=ge${reading.time}`, access.tokens.patient);
    expect(JSON.stringify(stored.body)).toContain('"value":123');
  });

  it("should stop the twin using a category after its withdrawal, as the patient's own event, and say so", async () => {
    expect((await putJson(me('/consent/cgm'), { granted: false }, access.tokens.patient)).status).toBe(202);
    expect((await putJson(me('/consent/everything'), { granted: false }, access.tokens.patient)).status).toBe(400);
    expect((await putJson(me('/consent/cgm'), { granted: false }, access.tokens.admin)).status).toBe(403);
    await platform.app.get(InProcessBroker).whenIdle();
    expect((await getJson(me('/twin/consent'), access.tokens.patient)).body).toEqual({ cgm: false, medications: true, genotype: true, research: true });
    const before = (await getJson(me('/twin'), access.tokens.patient)).body as { revision: number; state: unknown };
    const reading = { code: '99504-3', value: 333, unit: 'mg/dL', time: new Date().toISOString(), event_id: 'app-reading-after-withdrawal' };
    expect((await postJson(me('/observations'), [reading], 'application/json', access.tokens.patient)).status).toBe(202);
    await platform.app.get(InProcessBroker).whenIdle();
    const after = (await getJson(me('/twin'), access.tokens.patient)).body as { revision: number; state: unknown };
    expect(after.revision).toBeGreaterThan(before.revision); // in the log …
    expect(after.state).toEqual(before.state); // … and unused
    // a replay agrees: the twin rebuilt from its stored log alone (its snapshots deleted, nothing held in memory)
    const twins = platform.app.get(TwinService);
    for (let attempt = 0; ; attempt++) {
      const live = await twins.get('demo-t1d-2');
      const held = { revision: live.revision, ensemble: live.ensemble.map((m) => [...m]) };
      await new TwinSnapshotRepository(platform.app.get(DataSource)).deleteAll('demo-t1d-2');
      twins.forgetAll();
      const replayed = await twins.get('demo-t1d-2');
      // the demo's live stream may bring this person an event meanwhile: then compare again
      if (replayed.revision !== held.revision && attempt < 2) continue;
      expect(replayed.revision).toBe(held.revision);
      expect(replayed.consents.cgm).toBe(false);
      expect(replayed.ensemble.map((m) => [...m])).toEqual(held.ensemble);
      break;
    }
    expect((await putJson(me('/consent/cgm'), { granted: true }, access.tokens.patient)).status).toBe(202);
  });

  it('should show a patient who accessed their data, and record that they looked', async () => {
    const log = await getJson(me('/access-log?limit=1000'), access.tokens.patient);
    expect(log.status).toBe(200);
    const entries = log.body as { actor: string; action: string; at: string }[];
    expect(entries.some((e) => e.actor === 'test-admin' && e.action === 'read-panel')).toBe(true);
    expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    const again = (await getJson(me('/access-log'), access.tokens.patient)).body as { action: string }[];
    expect(again[0].action).toBe('read-own-access-log');
    expect((await getJson(me('/access-log?limit=0'), access.tokens.patient)).status).toBe(400);
  });
});
