import { day, uuid } from './basics.ts';

/** Encounters, lab reports, claims and explanations of benefit: in every EHR export, read past by the screener. */
export function administrativeResources(
  subject: { reference: string },
  encounters: string[],
  labIds: string[],
  random: () => number,
): object[] {
  const out: object[] = [];
  encounters.forEach((id, i) => {
    const start = `${day(-60 + i * 15)}T09:00:00-05:00`;
    out.push({
      resourceType: 'Encounter',
      id,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      type: [
        {
          coding: [
            {
              system: 'http://snomed.info/sct',
              code: '185349003',
              display: 'Encounter for check up (procedure)',
            },
          ],
          text: 'Oncology visit',
        },
      ],
      subject,
      participant: [{ individual: { reference: `Practitioner/${uuid(random)}`, display: 'Dr. Rivera' } }],
      period: { start, end: start.replace('T09', 'T09:45').slice(0, 19) },
      reasonCode: [
        {
          coding: [
            {
              system: 'http://snomed.info/sct',
              code: '109841003',
              display: 'Liver cell carcinoma (disorder)',
            },
          ],
        },
      ],
      serviceProvider: { reference: `Organization/${uuid(random)}`, display: 'Mayo Clinic in Rochester' },
    });
  });
  for (const [code, display] of [
    ['58410-2', 'CBC panel - Blood by Automated count'],
    ['24323-8', 'Comprehensive metabolic 2000 panel - Serum or Plasma'],
    ['34555-3', 'Coagulation studies panel - Platelet poor plasma'],
  ] as const) {
    out.push({
      resourceType: 'DiagnosticReport',
      id: uuid(random),
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' },
          ],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code, display }], text: display },
      subject,
      effectiveDateTime: `${day(-10)}T08:00:00-05:00`,
      issued: `${day(-10)}T14:02:11.684-05:00`,
      result: labIds.slice(0, 9).map((id) => ({ reference: `Observation/${id}` })),
    });
  }
  for (let i = 0; i < 2; i++) {
    const claim = uuid(random);
    // What the claim and its explanation of benefit both state about the visit billed.
    const billing = {
      type: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }],
      },
      use: 'claim',
      patient: subject,
      billablePeriod: {
        start: `${day(-60 + i * 15)}T09:00:00-05:00`,
        end: `${day(-60 + i * 15)}T09:45:00-05:00`,
      },
      created: `${day(-60 + i * 15)}T09:45:00-05:00`,
    };
    const item = (sequence: number, text: string) => ({
      sequence,
      productOrService: {
        coding: [{ system: 'http://snomed.info/sct', code: '185349003', display: text }],
        text,
      },
      encounter: [{ reference: `Encounter/${encounters[i]}` }],
    });
    out.push({
      resourceType: 'Claim',
      id: claim,
      status: 'active',
      ...billing,
      provider: { reference: `Organization/${uuid(random)}` },
      priority: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }],
      },
      insurance: [{ sequence: 1, focal: true, coverage: { display: 'Medicare' } }],
      item: [item(1, 'Encounter for check up'), item(2, 'Laboratory panel'), item(3, 'Imaging review')],
      total: { value: 612.4, currency: 'USD' },
    });
    out.push({
      resourceType: 'ExplanationOfBenefit',
      id: uuid(random),
      contained: [
        {
          resourceType: 'ServiceRequest',
          id: 'referral',
          status: 'completed',
          intent: 'order',
          subject,
          requester: { reference: `Practitioner/${uuid(random)}` },
        },
        {
          resourceType: 'Coverage',
          id: 'coverage',
          status: 'active',
          type: { text: 'Medicare' },
          beneficiary: subject,
          payor: [{ display: 'Medicare' }],
        },
      ],
      identifier: [{ system: 'https://bluebutton.cms.gov/resources/variables/clm_id', value: uuid(random) }],
      status: 'active',
      ...billing,
      insurer: { display: 'Medicare' },
      provider: { reference: `Practitioner/${uuid(random)}` },
      claim: { reference: `Claim/${claim}` },
      outcome: 'complete',
      insurance: [{ focal: true, coverage: { reference: '#coverage', display: 'Medicare' } }],
      item: [1, 2, 3].map((sequence) => ({
        sequence,
        category: {
          coding: [
            {
              system: 'https://bluebutton.cms.gov/resources/variables/line_cms_type_srvc_cd',
              code: '1',
              display: 'Medical care',
            },
          ],
        },
        productOrService: {
          coding: [
            { system: 'http://snomed.info/sct', code: '185349003', display: 'Encounter for check up' },
          ],
        },
        servicedPeriod: {
          start: `${day(-60 + i * 15)}T09:00:00-05:00`,
          end: `${day(-60 + i * 15)}T09:45:00-05:00`,
        },
        locationCodeableConcept: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/ex-serviceplace',
              code: '19',
              display: 'Off Campus-Outpatient Hospital',
            },
          ],
        },
        encounter: [{ reference: `Encounter/${encounters[i]}` }],
        net: { value: 204.13, currency: 'USD' },
        adjudication: [
          {
            category: {
              coding: [
                {
                  system: 'https://bluebutton.cms.gov/resources/codesystem/adjudication',
                  code: 'https://bluebutton.cms.gov/resources/variables/line_coinsrnc_amt',
                  display: 'Line Beneficiary Coinsurance Amount',
                },
              ],
            },
            amount: { value: 40.82, currency: 'USD' },
          },
          {
            category: {
              coding: [
                {
                  system: 'https://bluebutton.cms.gov/resources/codesystem/adjudication',
                  code: 'https://bluebutton.cms.gov/resources/variables/line_prvdr_pmt_amt',
                  display: 'Line Provider Payment Amount',
                },
              ],
            },
            amount: { value: 163.31, currency: 'USD' },
          },
        ],
      })),
      total: [
        {
          category: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/adjudication',
                code: 'submitted',
                display: 'Submitted Amount',
              },
            ],
          },
          amount: { value: 612.4, currency: 'USD' },
        },
      ],
      payment: { amount: { value: 489.93, currency: 'USD' } },
    });
  }
  return out;
}
