/**
 * The end-to-end walk of issue 6, in Debian's Chromium against the real server on a fresh PGlite
 * database: the public page → the admin creates a coordinator and an investigator at Mayo Clinic in
 * Rochester → the coordinator creates a subject, uploads the eligible example, attests → the investigator
 * signs → the coordinator randomizes and sees the receipt → a coordinator of another site cannot find the
 * subject → the statistician opens the analysis view with the example CDISC data and sees the KM plot.
 * The server's clock is 2026-03-30, the day the example patients are written for. Screenshots of each
 * step: test-results/e2e/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, startE2e } from './browser.ts';

const ADMIN_PASSWORD = 'admin-password-e2e';
const ROCHESTER = 'mayo-clinic-in-rochester';
const ELIGIBLE = join(import.meta.dirname, '..', '..', 'examples', 'patients', 'eligible.json');

/** Console errors that are not handled API answers (a 4xx the page shows to the user is expected). */
const unexpected = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));

describe('the web app, end to end', () => {
  let e2e: E2e;
  let subjectUrl = '';
  let studyId = '';
  beforeAll(async () => {
    e2e = await startE2e('2026-03-30T15:00:00Z', ADMIN_PASSWORD);
  }, 180_000);
  afterAll(() => e2e?.close());

  async function signIn(page: Page, username: string, password: string) {
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }

  /** First sign-in with a temporary password: the app sends the user to change it. */
  async function firstSignIn(page: Page, username: string, temporary: string, own: string) {
    await signIn(page, username, temporary);
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.getByLabel('Current password').fill(temporary);
    await page.getByLabel('New password', { exact: true }).fill(own);
    await page.getByLabel('New password again').fill(own);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/dashboard$/);
  }

  it('shows the public trial page with every registry section', async () => {
    const { page, errors, context } = await e2e.open('public');
    await page.goto('/');
    await page.locator('#sites table').waitFor();
    for (const id of [
      'status',
      'enrollment',
      'summary',
      'design',
      'arms',
      'eligibility',
      'sponsors',
      'investigators',
      'sites',
      'identifiers',
    ])
      expect(await page.locator(`section#${id} h2`).count(), `section #${id}`).toBe(1);
    expect(await page.locator('#sites tbody tr').count()).toBe(16);
    expect(await page.locator('#enrollment').textContent()).toContain('0 / 122');
    await e2e.shot(page, 'public-page');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 60_000);

  it('lets the admin create a coordinator and an investigator at Mayo Clinic in Rochester', async () => {
    const { page, errors, context } = await e2e.open('admin');
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    for (const [username, role] of [
      ['casey', 'coordinator'],
      ['ivy', 'investigator'],
      ['arlo', 'coordinator'],
    ] as const) {
      const form = page.locator('#new-user');
      await form.getByLabel('Username').fill(username);
      await form.getByLabel('Display name').fill(`${username[0]?.toUpperCase()}${username.slice(1)} Test`);
      await form.getByLabel('Temporary password').fill(`temporary-${username}-1`);
      await form.getByLabel('Role 1', { exact: true }).selectOption(role);
      await form
        .getByLabel('Site for role 1')
        .selectOption(username === 'arlo' ? 'mayo-clinic-in-arizona' : ROCHESTER);
      await form.getByRole('button', { name: 'Create user' }).click();
      await page.getByText(`Created ${username}.`).waitFor();
    }
    await e2e.shot(page, 'admin-created-users');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
    // The statistician (who also keeps the allocation list) is created through the API.
    const admin = await e2e.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const cookie = `trialkit_session=${(admin.cookies[0] as { value: string }).value}`;
    const created = await e2e.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie, 'x-csrf-token': admin.json().csrfToken },
      payload: {
        username: 'stella',
        displayName: 'Stella Statistician',
        password: 'temporary-stella-1',
        roles: [{ role: 'statistician', siteId: null }],
      },
    });
    expect(created.statusCode).toBe(201);
  }, 90_000);

  it('lets the coordinator create a subject, upload the eligible example and attest', async () => {
    const { page, errors, context } = await e2e.open('coordinator');
    await firstSignIn(page, 'casey', 'temporary-casey-1', 'casey-own-password');
    await page.goto('/subjects');
    await page.getByRole('heading', { name: 'New subject' }).waitFor();
    await page.getByLabel('Initials').fill('AL');
    await page.getByLabel('Birth date').fill('1958-09-03');
    await page.getByLabel('Sex').selectOption('male');
    await page.getByRole('button', { name: 'Create subject' }).click();
    await page.waitForURL(/\/subjects\/[0-9a-f-]{36}$/);
    subjectUrl = new URL(page.url()).pathname;
    const heading = await page.getByRole('heading', { name: /^Subject NCT05168163-/ }).textContent();
    studyId = (/NCT05168163-\d{2}-\d{3}/.exec(heading ?? '') ?? [''])[0];
    expect(studyId).toMatch(/^NCT05168163-\d{2}-001$/);

    await page.getByLabel('Choose a FHIR file').setInputFiles(ELIGIBLE);
    await page.getByRole('button', { name: 'Upload FHIR data' }).click();
    await page.getByRole('status').filter({ hasText: 'Uploaded eligible.json' }).waitFor();
    const checklist = page.locator('section', {
      has: page.getByRole('heading', { name: 'Eligibility criteria' }),
    });
    await checklist.locator('.overall').filter({ hasText: 'Eligible' }).waitFor();
    await e2e.shot(page, 'coordinator-uploaded');

    // A lab result entered in the form with its unit counts like uploaded FHIR data (platelets, I16).
    const labForm = page.locator('section', { has: page.getByRole('button', { name: 'Save lab result' }) });
    await labForm.getByLabel('Lab', { exact: true }).selectOption('platelets');
    await labForm.getByLabel('Value').fill('210000');
    await labForm.getByLabel('Unit').fill('/uL');
    await labForm.getByLabel('Date of the sample').fill('2026-03-28');
    await labForm.getByRole('button', { name: 'Save lab result' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Saved .*210000 \/uL of 2026-03-28/ })
      .waitFor();
    await checklist.locator('.overall').filter({ hasText: 'Eligible' }).waitFor();

    await page.getByLabel('Question').selectOption('I01');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('button', { name: 'Save answer' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved I01 = Yes' }).waitFor();
    await checklist.locator('.overall').filter({ hasText: 'Eligible' }).waitFor();
    await e2e.shot(page, 'coordinator-attested');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('lets the investigator sign the eligibility checklist', async () => {
    const { page, errors, context } = await e2e.open('investigator');
    await firstSignIn(page, 'ivy', 'temporary-ivy-1', 'ivy-own-password-1');
    await page.goto(subjectUrl);
    await page.getByRole('button', { name: 'Sign eligibility' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign eligibility' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('I confirm eligibility');
    await dialog.getByLabel('Password').fill('ivy-own-password-1');
    await e2e.shot(page, 'investigator-sign-dialog');
    await dialog.getByRole('button', { name: 'Sign eligibility' }).click();
    await page.locator('.signature').waitFor();
    expect(await page.locator('.signature').textContent()).toContain('Ivy Test');
    await e2e.shot(page, 'investigator-signed');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('lets the coordinator randomize and shows the receipt', async () => {
    // The statistician creates the allocation list on the randomization page; its seed is shown once.
    const statistician = await e2e.open('statistician-list');
    await firstSignIn(statistician.page, 'stella', 'temporary-stella-1', 'stella-own-password');
    await statistician.page.goto('/randomization');
    await statistician.page.getByRole('button', { name: 'Create the allocation list' }).click();
    await statistician.page.getByText("The list's seed — shown this once.").waitFor();
    expect(await statistician.page.locator('table tbody tr').count()).toBe(1);
    await e2e.shot(statistician.page, 'statistician-allocation-list');
    expect(unexpected(statistician.errors)).toEqual([]);
    await statistician.context.close();

    const { page, errors, context } = await e2e.open('randomize');
    await signIn(page, 'casey', 'casey-own-password');
    await page.waitForURL(/\/dashboard$/);
    await page.goto(subjectUrl);
    await page.getByRole('button', { name: 'Randomize', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /^Randomize / });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Planned multi-kinase inhibitor').inputValue()).toBe('lenvatinib');
    await e2e.shot(page, 'randomize-dialog');
    await dialog.getByRole('button', { name: 'Confirm randomization' }).click();
    await page.getByRole('heading', { name: 'Randomization receipt' }).waitFor();
    const receipt = await page.locator('.receipt').textContent();
    expect(receipt).toContain(studyId);
    expect(receipt).toMatch(/Arm [AB]/);
    await e2e.shot(page, 'randomization-receipt');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('hides the subject from a coordinator of another site', async () => {
    const { page, errors, context } = await e2e.open('foreign');
    await firstSignIn(page, 'arlo', 'temporary-arlo-1', 'arlo-own-password');
    await page.goto('/subjects');
    await page.getByRole('heading', { name: 'New subject' }).waitFor();
    expect(await page.getByText(studyId).count()).toBe(0);
    await page.goto(subjectUrl);
    await page.getByRole('alert').first().waitFor();
    expect(await page.getByText(studyId).count()).toBe(0);
    await e2e.shot(page, 'foreign-site-not-found');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows the statistician the Kaplan–Meier plot of the example CDISC data', async () => {
    const { page, errors, context } = await e2e.open('statistician');
    await signIn(page, 'stella', 'stella-own-password');
    await page.waitForURL(/\/dashboard$/);
    await page.goto('/analysis');
    await page.getByRole('button', { name: /Use example data/ }).click();
    const km = page
      .locator('svg')
      .filter({ hasText: /Progression-free survival|PFS/ })
      .first();
    await km.waitFor({ timeout: 60_000 });
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(2);
    await e2e.shot(page, 'statistician-analysis');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 120_000);
});
