/**
 * The end-to-end walk of issue 6, in Debian's Chromium against the real server on a fresh PGlite
 * database: the public page → the admin creates a coordinator and an investigator at Mayo Clinic in
 * Rochester → the coordinator creates a subject, uploads the eligible example, attests → the investigator
 * signs → the coordinator randomizes and sees the receipt → a coordinator of another site cannot find the
 * subject → the statistician opens the analysis view with the example CDISC data and sees the KM plot.
 * Along the way: no console error at all for an anonymous visitor, a locked sign-in said to be locked,
 * the admin's audit count current after each change, the questionnaire answered in one grouped form,
 * and the allocation list created and (no longer) replaceable only through a confirmation.
 * The server's clock is 2026-03-30, the day the example patients are written for. Screenshots of each
 * step: test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
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
    // Not even a failed load: the session check answers a visitor without an error status.
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('tells a visitor that a username is locked, for how long, after 5 failed sign-ins', async () => {
    const { page, errors, context } = await e2e.open('locked');
    await page.goto('/sign-in');
    // A name without an account: it locks and is announced exactly like an account (no enumeration).
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Username').fill('no-such-user');
      await page.getByLabel('Password', { exact: true }).fill(`wrong password ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      if (attempt < 5) await alert.filter({ hasText: 'username or password not correct' }).waitFor();
      else if (attempt === 5)
        await alert.filter({ hasText: 'is now locked for 15 minutes, until' }).waitFor();
    }
    await page
      .getByRole('alert')
      .filter({ hasText: /This account is locked .* Try again in 15 minutes \(after 2026-03-30 \d\d:15 / })
      .waitFor();
    await e2e.shot(page, 'sign-in-locked');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 60_000);

  it('lets the admin create a coordinator and an investigator at Mayo Clinic in Rochester', async () => {
    const { page, errors, context } = await e2e.open('admin');
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(response.url());
    });
    await signIn(page, 'admin', ADMIN_PASSWORD);
    // The admin manages accounts and sites and reads no subject (issue 14): no Subjects page is offered,
    // and its dashboard loads (the study's counts) without a refused request.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Accrual' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Subjects' }).count()).toBe(0);
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    /** The audit panel shows the trail's current event count (it verifies again after each change). */
    const auditCountShown = async () => {
      const { rows } = await e2e.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_event');
      await page
        .locator('#audit .audit-result')
        .filter({ hasText: `intact: ${rows[0]?.n.toLocaleString('en-US')} events,` })
        .waitFor({ timeout: 5_000 });
    };
    await auditCountShown();
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
      await auditCountShown();
    }
    await e2e.shot(page, 'admin-created-users');
    expect(unexpected(errors)).toEqual([]);
    expect(refused).toEqual([]);
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
    // The birth date is typed with day and month swapped: the upload will not match it.
    await page.getByLabel('Initials').fill('AL');
    await page.getByLabel('Birth date').fill('1958-03-09');
    await page.getByLabel('Sex').selectOption('male');
    await page.getByRole('button', { name: 'Create subject' }).click();
    await page.waitForURL(/\/subjects\/[0-9a-f-]{36}$/);
    subjectUrl = new URL(page.url()).pathname;
    const heading = await page.getByRole('heading', { name: /^Subject NCT05168163-/ }).textContent();
    studyId = (/NCT05168163-\d{2}-\d{3}/.exec(heading ?? '') ?? [''])[0];
    expect(studyId).toMatch(/^NCT05168163-\d{2}-001$/);

    // The first upload is checked like any other: the file's patient is not the subject as recorded.
    await page.getByLabel('Choose a FHIR file').setInputFiles(ELIGIBLE);
    await page.getByRole('button', { name: 'Upload FHIR data' }).click();
    const mismatch = page.locator('.identity-mismatch');
    await mismatch.getByText('The patient of eligible.json is not the subject as recorded.').waitFor();
    expect(await mismatch.locator('tbody tr').allTextContents()).toEqual(['Birth date1958-03-091958-09-03']);
    await e2e.shot(page, 'coordinator-identity-mismatch');
    // The subject's birth date was wrong: correct it (with the reason), then upload again.
    await mismatch.getByRole('link', { name: 'correct the subject’s identity' }).click();
    await page.getByRole('heading', { name: `Correct the identity of ${studyId}` }).waitFor();
    await page.getByLabel('Birth date').fill('1958-09-03');
    await page
      .getByLabel('Reason for the correction')
      .fill('Day and month swapped when the subject was created');
    await e2e.shot(page, 'coordinator-identity-correction');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `The identity of ${studyId} was corrected.` })
      .waitFor();
    expect(await page.locator('.identity').textContent()).toContain('1958-09-03');
    await page.getByLabel('Choose a FHIR file').setInputFiles(ELIGIBLE);
    await page.getByRole('button', { name: 'Upload FHIR data' }).click();
    await page.getByRole('status').filter({ hasText: 'Uploaded eligible.json' }).waitFor();
    const checklist = page.locator('section', {
      has: page.getByRole('heading', { name: 'Eligibility criteria' }),
    });
    await checklist.locator('.overall').filter({ hasText: 'Eligible' }).waitFor();
    await e2e.shot(page, 'coordinator-uploaded');

    // Lab results entered as a panel (one date, several labs, their units) count like uploaded FHIR data.
    const labForm = page.locator('section.lab-panel');
    await labForm.getByLabel('Date of the samples', { exact: true }).fill('2026-03-28');
    await labForm.getByLabel('Platelet count value').fill('210000');
    await labForm.getByLabel('Platelet count unit').fill('/uL');
    await labForm.getByLabel('Absolute neutrophil count value').fill('2.1');
    await e2e.shot(page, 'coordinator-lab-panel');
    await labForm.getByRole('button', { name: 'Save lab results' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText:
          /Saved 2 lab results of 2026-03-28: Absolute neutrophil count 2\.1 10\*9\/L, Platelet count 210000 \/uL/,
      })
      .waitFor();
    await checklist.locator('.overall').filter({ hasText: 'Eligible' }).waitFor();
    expect(
      await page
        .locator('.documents li')
        .filter({ hasText: 'entered labs: anc, platelets 2026-03-28' })
        .count(),
    ).toBe(1);

    // The questionnaire is one grouped form: I01 and the consent date answered together, saved once.
    const questionnaire = page.locator('section.questionnaire');
    await questionnaire.getByRole('heading', { name: 'Inclusion criteria' }).waitFor();
    expect(await questionnaire.getByRole('heading', { name: 'Exclusion criteria' }).count()).toBe(1);
    await questionnaire
      .getByRole('radiogroup', { name: /^I01 / })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await questionnaire
      .getByRole('button', { name: 'Today: Date written informed consent was signed' })
      .click();
    const consent = questionnaire.getByLabel('I00 Date written informed consent was signed (consent-date)', {
      exact: true,
    });
    // "Today" is the trial's date (the server's clock in America/Chicago), not the browser's.
    expect(await consent.inputValue()).toBe('2026-03-30');
    expect(await consent.getAttribute('type')).toBe('date');
    const consentRow = questionnaire.locator('li.question').filter({ hasText: /^I00 / });
    await consentRow.locator('summary', { hasText: 'Comment' }).click();
    await consentRow.getByLabel('Comment on consent-date').fill('Signed in clinic, copy filed');
    await questionnaire.getByText('2 questions to save: consent-date, I01.').waitFor();
    // New answers only: no reason is asked for.
    expect(await questionnaire.getByLabel(/^Reason for changing/).count()).toBe(0);
    await e2e.shot(page, 'coordinator-questionnaire');
    await questionnaire.getByRole('button', { name: 'Save answers' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Saved consent-date = 2026-03-30, I01 = Yes.' })
      .waitFor();
    await questionnaire.getByText('No changes.').waitFor();
    const currentOf = (row: RegExp) =>
      questionnaire.locator('li.question').filter({ hasText: row }).locator('.current-answer').textContent();
    expect(await currentOf(/^I01 /)).toContain('Current answer: Yes');
    expect(await currentOf(/^I00 /)).toContain('Comment: “Signed in clinic, copy filed”');

    // Changing an answer given asks for one reason, naming the question; the comment stays with it.
    await consent.fill('2026-03-29');
    const reason = questionnaire.getByLabel('Reason for changing the answers to consent-date');
    await reason.fill('Consent form re-read: signed the day before');
    await questionnaire.getByRole('button', { name: 'Save answers' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved consent-date = 2026-03-29.' }).waitFor();
    expect(await currentOf(/^I00 /)).toMatch(/Current answer: 2026-03-29.*Comment: “Signed in clinic/);
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
    // No allocation list yet: the dialog says so before anyone presses Confirm.
    await page.getByRole('button', { name: 'Randomize', exact: true }).click();
    const randomize = page.getByRole('dialog', { name: /^Randomize / });
    await randomize
      .locator('li')
      .filter({ hasText: 'The allocation list exists' })
      .getByText('no randomization list: the statistician has not created one')
      .waitFor();
    expect(await randomize.getByRole('button', { name: 'Confirm randomization' }).isDisabled()).toBe(true);
    await e2e.shot(page, 'randomize-without-list');
    await randomize.getByRole('button', { name: 'Cancel' }).click();
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('lets the coordinator randomize and shows the receipt', async () => {
    // The statistician creates the allocation list on the randomization page; its seed is shown once.
    const statistician = await e2e.open('statistician-list');
    await firstSignIn(statistician.page, 'stella', 'temporary-stella-1', 'stella-own-password');
    await statistician.page.goto('/randomization');
    // One click only asks: the confirmation says what happens and that the seed is shown once.
    const createList = statistician.page.getByRole('button', { name: 'Create the allocation list' });
    await createList.click();
    const confirm = statistician.page.getByRole('dialog', { name: 'Create the allocation list' });
    await confirm.getByText('The seed is shown once.').waitFor();
    await e2e.shot(statistician.page, 'statistician-create-list-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await statistician.page.getByText('No allocation list yet').waitFor();
    await createList.click();
    await confirm.getByRole('button', { name: 'Create the allocation list' }).click();
    await statistician.page.getByText("The list's seed — shown this once.").waitFor();
    expect(await statistician.page.locator('table tbody tr').count()).toBe(1);
    await e2e.shot(statistician.page, 'statistician-allocation-list');
    // Unused, it may be replaced — after a confirmation that says the current list stops being used.
    await statistician.page.getByRole('button', { name: 'Replace the allocation list' }).click();
    const replaceDialog = statistician.page.getByRole('dialog', { name: 'Replace the allocation list' });
    await replaceDialog.getByText(/The current list \(created 2026-03-30, .*\) stops being used/).waitFor();
    await e2e.shot(statistician.page, 'statistician-replace-list-confirm');
    await replaceDialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await statistician.page.locator('table tbody tr').count()).toBe(1);
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

    // The list has allocated a subject: Replace is disabled, and the page says why.
    const again = await e2e.open('statistician-list-used');
    await signIn(again.page, 'stella', 'stella-own-password');
    await again.page.goto('/randomization');
    const replace = again.page.getByRole('button', { name: 'Replace the allocation list' });
    await replace.waitFor();
    expect(await replace.isDisabled()).toBe(true);
    await again.page
      .getByText('1 subject has been randomized from the active list, so it can no longer be replaced')
      .waitFor();
    await e2e.shot(again.page, 'statistician-list-in-use');
    expect(unexpected(again.errors)).toEqual([]);
    await again.context.close();
  }, 90_000);

  it('warns of the same person before creating, and refuses to randomize one person twice', async () => {
    const { page, errors, context } = await e2e.open('duplicate');
    await signIn(page, 'casey', 'casey-own-password');
    await page.waitForURL(/\/dashboard$/);
    await page.goto('/subjects');
    await page.getByLabel('Initials').fill('AL');
    await page.getByLabel('Birth date').fill('1958-09-03');
    await page.getByLabel('Sex').selectOption('male');
    await page.getByRole('button', { name: 'Create subject' }).click();
    const warning = page.locator('.new-subject .duplicates');
    await warning
      .getByText(`${studyId} (this site, randomized) has the same initials, birth date and sex.`)
      .waitFor();
    await e2e.shot(page, 'coordinator-duplicate-warning');
    await page.getByRole('button', { name: 'Create a new subject anyway' }).click();
    await page.waitForURL(/\/subjects\/[0-9a-f-]{36}$/);
    const second = new URL(page.url()).pathname;
    // The same person's record: its source identifier (the MRN) is the randomized subject's.
    await page.getByLabel('Choose a FHIR file').setInputFiles(ELIGIBLE);
    await page.getByRole('button', { name: 'Upload FHIR data' }).click();
    await page.getByRole('status').filter({ hasText: 'see “Possible duplicates”' }).waitFor();
    const duplicates = page.locator('section.duplicates');
    await duplicates
      .getByText(`${studyId} (this site, randomized) has the same source patient identifier`)
      .waitFor();
    await context.close();

    const investigator = await e2e.open('duplicate-sign');
    await signIn(investigator.page, 'ivy', 'ivy-own-password-1');
    await investigator.page.waitForURL(/\/dashboard$/);
    await investigator.page.goto(second);
    await investigator.page.getByRole('button', { name: 'Sign eligibility' }).click();
    const sign = investigator.page.getByRole('dialog', { name: 'Sign eligibility' });
    await sign.getByLabel('Password').fill('ivy-own-password-1');
    await sign.getByRole('button', { name: 'Sign eligibility' }).click();
    await investigator.page.locator('.signature').waitFor();
    expect(unexpected(investigator.errors)).toEqual([]);
    await investigator.context.close();

    const coordinator = await e2e.open('duplicate-refused');
    await signIn(coordinator.page, 'casey', 'casey-own-password');
    await coordinator.page.waitForURL(/\/dashboard$/);
    await coordinator.page.goto(second);
    await coordinator.page.getByRole('button', { name: 'Randomize', exact: true }).click();
    const dialog = coordinator.page.getByRole('dialog', { name: /^Randomize / });
    const check = dialog.locator('li').filter({ hasText: 'No other subject of this person is randomized' });
    await check
      .getByText(`has the same source patient identifier as ${studyId}, already randomized`)
      .waitFor();
    expect(await dialog.getByRole('button', { name: 'Confirm randomization' }).isDisabled()).toBe(true);
    await e2e.shot(coordinator.page, 'randomize-refused-duplicate');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The duplicate is withdrawn from screening, with the reason.
    await coordinator.page.getByRole('link', { name: 'Withdraw from screening' }).click();
    await coordinator.page
      .getByLabel('Reason for the withdrawal')
      .fill(`Same person as ${studyId}, already randomized`);
    await coordinator.page.getByRole('checkbox', { name: /withdraw NCT05168163-/ }).check();
    await e2e.shot(coordinator.page, 'coordinator-withdraw');
    await coordinator.page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await coordinator.page.getByRole('status').filter({ hasText: 'is withdrawn from screening.' }).waitFor();
    expect(await coordinator.page.locator('.identity').textContent()).toContain(`Same person as ${studyId}`);
    expect(unexpected(coordinator.errors)).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
    await coordinator.context.close();
  }, 120_000);

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

  /** The coordinator on a later day (the clock moved: a new session), on the subject's treatment page. */
  async function onStudyAt(day: string, name: string) {
    e2e.setClock(`${day}T15:00:00Z`);
    const opened = await e2e.open(name);
    await signIn(opened.page, 'casey', 'casey-own-password');
    await opened.page.goto(`${subjectUrl}/on-study`);
    await opened.page.getByRole('heading', { name: /^Treatment and visits/ }).waitFor();
    return opened;
  }

  /** Records one event through the form and waits for the page to say so. */
  async function recordEvent(page: Page, kind: string, fields: Record<string, string>) {
    const form = page.getByRole('form', { name: 'Record a study event' });
    await form.getByLabel('What happened').selectOption({ label: kind });
    for (const [label, value] of Object.entries(fields)) {
      const field = form.getByLabel(label, { exact: true });
      if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await form.getByRole('button', { name: 'Record' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Recorded: ${kind.toLowerCase()}` })
      .waitFor();
  }

  it('goes on past the receipt: cycles 1–4 with a lenvatinib reduction, the overdue list, end of treatment, two follow-ups, the .ics', async () => {
    // Randomized 2026-03-30: C2 planned 04-21, C3 05-12 (started 05-14, 2 days late), C4 06-04.
    const first = await onStudyAt('2026-06-05', 'on-study-cycles');
    const { page } = first;
    await recordEvent(page, 'Visit (vital signs)', {
      Visit: 'C1D1',
      Date: '2026-03-31',
      'Weight (kg)': '72',
      'ECOG performance status': '1',
      'adverse-events': 'entered',
    });
    for (const [cycle, date] of [
      ['1', '2026-03-31'],
      ['2', '2026-04-21'],
      ['3', '2026-05-14'],
      ['4', '2026-06-04'],
    ] as const) {
      await recordEvent(page, 'Cycle start', { Cycle: cycle, Date: date });
      const reduced = cycle >= '3';
      await recordEvent(page, 'Dose of a drug', {
        Cycle: cycle,
        Drug: 'lenvatinib',
        Date: date,
        Action: reduced ? 'reduced' : 'given',
        'Dose level': reduced ? '8' : '12',
        'Days taken (oral)': '21',
        ...(reduced ? { Reason: 'grade 3 hypertension' } : {}),
      });
    }
    // A dose of a cycle never started is refused, the field named.
    const form = page.getByRole('form', { name: 'Record a study event' });
    await form.getByLabel('What happened').selectOption({ label: 'Dose of a drug' });
    await form.getByLabel('Cycle', { exact: true }).fill('9');
    await form.getByLabel('Dose level', { exact: true }).selectOption('8');
    await form.getByRole('button', { name: 'Record' }).click();
    await form.locator('.field-error', { hasText: 'expected a cycle whose start is recorded' }).waitFor();
    // A record made in error is removed with a reason; it stays listed, struck through.
    await recordEvent(page, 'Visit (vital signs)', {
      Visit: 'unscheduled',
      Date: '2026-06-03',
      'Heart rate (/min)': '88',
    });
    await page
      .locator('.event-list li', { hasText: 'Visit unscheduled on 2026-06-03' })
      .getByRole('button', { name: 'Remove' })
      .click();
    const removal = page.getByRole('dialog', { name: 'Remove this record' });
    await removal.getByRole('button', { name: 'Remove the record' }).click();
    await removal.getByText('Say why the record is removed').waitFor();
    await removal.getByLabel('Reason').fill('entered for the wrong subject');
    await removal.getByRole('button', { name: 'Remove the record' }).click();
    await page.locator('.event-list li.removed', { hasText: 'entered for the wrong subject' }).waitFor();
    // C1D1's forms: vital signs, ECOG and the dose from the records, adverse events as the visit says.
    expect(await page.locator('tr.visit-row', { hasText: 'C1D1' }).textContent()).toContain(
      'Forms required: laboratory',
    );
    const c4 = page.locator('tr.visit-row', { hasText: 'C4D1' });
    expect(await c4.textContent()).toContain('2026-06-04');
    expect(await page.locator('.figures').textContent()).toMatch(/Cycles started\s*4/);
    expect(await page.locator('.figures').textContent()).toContain('lenvatinib dose intensity');
    await e2e.shot(page, 'on-study-four-cycles');
    expect(unexpected(first.errors)).toEqual([]);
    await first.context.close();

    // 2026-07-01: C5 (planned 06-25, window to 06-28) and TA1 (06-01, window to 06-08) are overdue.
    const overdue = await onStudyAt('2026-07-01', 'worklist');
    await overdue.page.goto('/worklist');
    const overdueSection = overdue.page.getByRole('region', { name: /^Overdue/ });
    await overdueSection.getByText('C5D1').waitFor();
    expect(await overdueSection.textContent()).toContain('TA1');
    expect(await overdueSection.textContent()).toContain(studyId);
    await e2e.shot(overdue.page, 'worklist-overdue');
    await overdue.page.goto(`${subjectUrl}/on-study`);
    await recordEvent(overdue.page, 'End of treatment', { Date: '2026-07-01', Reason: 'toxicity' });
    expect(await overdue.page.locator('tr.visit-row', { hasText: 'C5D1' }).textContent()).toContain(
      'Cancelled',
    );
    await e2e.shot(overdue.page, 'on-study-end-of-treatment');
    expect(unexpected(overdue.errors)).toEqual([]);
    await overdue.context.close();

    // Follow-up every 63 days from the end of treatment: FU1 2026-09-02, FU2 2026-11-04.
    const follow = await onStudyAt('2026-11-10', 'on-study-follow-up');
    await recordEvent(follow.page, 'Follow-up contact', { Date: '2026-09-02', 'Vital status': 'alive' });
    await recordEvent(follow.page, 'Follow-up contact', { Date: '2026-11-04', 'Vital status': 'alive' });
    for (const visit of ['FU1', 'FU2'])
      expect(await follow.page.locator('tr.visit-row', { hasText: visit }).textContent()).toContain('Done');
    expect(await follow.page.locator('.figures').textContent()).toMatch(/Last known alive\s*2026-11-04/);
    await e2e.shot(follow.page, 'on-study-follow-up');
    const [download] = await Promise.all([
      follow.page.waitForEvent('download'),
      follow.page.getByRole('link', { name: 'Download the calendar (.ics)' }).click(),
    ]);
    const ics = readFileSync((await download.path()) as string, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(`${studyId} C4D1`);
    expect(ics).not.toMatch(/1958|AL /);
    expect(unexpected(follow.errors)).toEqual([]);
    await follow.context.close();
  }, 180_000);
});
