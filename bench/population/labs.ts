/** The screening labs of the generated population: typical ranges and the units sites report them in. */

export interface LabSpec {
  loinc: string;
  name: string;
  /** Typical value range in the first unit; other units with their factor from the first. */
  range: [number, number];
  units: Array<[string, number]>;
  high?: number;
}

export const LABS: LabSpec[] = [
  {
    loinc: '751-8',
    name: 'Neutrophils [#/volume] in Blood by Automated count',
    range: [0.8, 6],
    units: [
      ['10*9/L', 1],
      ['10*3/uL', 1],
      ['/uL', 1000],
    ],
  },
  {
    loinc: '731-0',
    name: 'Lymphocytes [#/volume] in Blood by Automated count',
    range: [0.3, 3],
    units: [
      ['10*9/L', 1],
      ['10*3/uL', 1],
    ],
  },
  {
    loinc: '777-3',
    name: 'Platelets [#/volume] in Blood by Automated count',
    range: [50, 300],
    units: [
      ['10*9/L', 1],
      ['10*3/uL', 1],
      ['/uL', 1000],
    ],
  },
  {
    loinc: '718-7',
    name: 'Hemoglobin [Mass/volume] in Blood',
    range: [80, 160],
    units: [
      ['g/L', 1],
      ['g/dL', 0.1],
    ],
  },
  {
    loinc: '1920-8',
    name: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    range: [15, 250],
    units: [['U/L', 1]],
    high: 40,
  },
  {
    loinc: '1742-6',
    name: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    range: [10, 200],
    units: [['U/L', 1]],
    high: 45,
  },
  {
    loinc: '6768-6',
    name: 'Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma',
    range: [40, 700],
    units: [['U/L', 1]],
    high: 130,
  },
  {
    loinc: '1975-2',
    name: 'Bilirubin.total [Mass/volume] in Serum or Plasma',
    range: [0.3, 4],
    units: [
      ['mg/dL', 1],
      ['umol/L', 17.104],
    ],
    high: 1.2,
  },
  {
    loinc: '1751-7',
    name: 'Albumin [Mass/volume] in Serum or Plasma',
    range: [2.5, 4.8],
    units: [
      ['g/dL', 1],
      ['g/L', 10],
    ],
  },
  {
    loinc: '6301-6',
    name: 'INR in Platelet poor plasma by Coagulation assay',
    range: [0.9, 2.2],
    units: [['{INR}', 1]],
    high: 1.2,
  },
  {
    loinc: '2160-0',
    name: 'Creatinine [Mass/volume] in Serum or Plasma',
    range: [0.5, 2.6],
    units: [
      ['mg/dL', 1],
      ['umol/L', 88.4],
    ],
    high: 1.2,
  },
  {
    loinc: '17861-6',
    name: 'Calcium [Mass/volume] in Serum or Plasma',
    range: [8.2, 12.5],
    units: [['mg/dL', 1]],
    high: 10.4,
  },
  {
    loinc: '29463-7',
    name: 'Body weight',
    range: [45, 110],
    units: [
      ['kg', 1],
      ['[lb_av]', 2.20462],
    ],
  },
];
