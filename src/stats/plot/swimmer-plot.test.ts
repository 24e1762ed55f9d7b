import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { renderSwimmerSvg, type SwimmerLane, type SwimmerPlotInput } from './swimmer-plot.ts';
import { allElements, byClass, parseXml, textContent, type XmlElement } from './test-support/parse-xml.ts';

const lanes: SwimmerLane[] = [
  {
    subject: 'S2',
    arm: 'Placebo',
    endDay: 100,
    events: [
      { day: 42, kind: 'PD' },
      { day: 100, kind: 'death' },
    ],
  },
  {
    subject: 'S1',
    arm: 'Drug',
    endDay: 300,
    ongoing: true,
    events: [
      { day: 84, kind: 'response-start' },
      { day: 84, kind: 'PR' },
      { day: 168, kind: 'CR' },
    ],
  },
  {
    subject: 'S3',
    arm: 'Drug',
    endDay: 200,
    events: [
      { day: 42, kind: 'SD' },
      { day: 84, kind: 'response-start' },
      { day: 126, kind: 'response-end' },
      { day: 126, kind: 'PD' },
    ],
  },
];
const plot: SwimmerPlotInput = { title: 'Time on study', lanes };

/** px per day, read back from the x tick labels. */
function xScale(svg: XmlElement) {
  const ticks = byClass(svg, 'sw-x-ticks')[0]?.children as XmlElement[];
  const [a, b] = [ticks[0] as XmlElement, ticks[ticks.length - 1] as XmlElement];
  const k = (Number(b.attributes.x) - Number(a.attributes.x)) / (Number(b.text) - Number(a.text));
  return (day: number) => Number(a.attributes.x) + (day - Number(a.text)) * k;
}

describe('renderSwimmerSvg', () => {
  const source = renderSwimmerSvg(plot);
  const svg = parseXml(source);
  const x = xScale(svg);
  const laneEls = byClass(svg, 'sw-lane');

  it('is a well-formed, accessible SVG', () => {
    expect(svg.attributes).toMatchObject({ role: 'img', 'aria-labelledby': 'swimmer-title' });
    expect(svg.children[1]?.text).toBe(
      'Swimmer plot of time on study for 3 subjects, longest first (up to 300 days). ' +
        'Placebo: 1 subject, 0 with a response (0 complete), 1 progressed, 1 died, 0 ongoing. ' +
        'Drug: 2 subjects, 2 with a response (1 complete), 1 progressed, 0 died, 1 ongoing.',
    );
    expect(source).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('sorts lanes longest first, top to bottom, with bars as long as the time on study', () => {
    expect(laneEls.map((l) => l.attributes['data-subject'])).toEqual(['S1', 'S3', 'S2']);
    const bars = byClass(svg, 'sw-bar');
    const ys = bars.map((b) => Number(b.attributes.y));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    [300, 200, 100].forEach((days, i) => {
      const bar = bars[i] as XmlElement;
      expect(Number(bar.attributes.x)).toBeCloseTo(x(0), 1);
      expect(Number(bar.attributes.width)).toBeCloseTo(x(days) - x(0), 1);
    });
    expect(byClass(svg, 'sw-subjects')[0]?.children.map((t) => t.text)).toEqual(['S1', 'S3', 'S2']);
  });

  it('marks events at their day and draws durations of response', () => {
    const events = (lane: XmlElement) =>
      byClass(lane, 'sw-event').map((e) => [e.attributes['data-kind'], Number(e.attributes['data-day'])]);
    expect(events(laneEls[0] as XmlElement)).toEqual([
      ['PR', 84],
      ['CR', 168],
    ]);
    expect(events(laneEls[1] as XmlElement)).toEqual([
      ['SD', 42],
      ['PD', 126],
    ]);
    const segment = (lane: XmlElement) => {
      const d = allElements(byClass(lane, 'sw-response')[0] as XmlElement).find((e) => e.name === 'path')
        ?.attributes.d as string;
      const [, from, to] = /^M([\d.]+) [\d.]+H([\d.]+)$/.exec(d) as RegExpExecArray;
      return [Number(from), Number(to)];
    };
    // An unended response lasts to the end of the bar.
    const [from, to] = segment(laneEls[0] as XmlElement);
    expect(from).toBeCloseTo(x(84), 1);
    expect(to).toBeCloseTo(x(300), 1);
    expect(segment(laneEls[1] as XmlElement)[1]).toBeCloseTo(x(126), 1);
  });

  it('draws an arrow after the bar only for ongoing subjects', () => {
    expect(laneEls.map((l) => byClass(l, 'sw-ongoing').length)).toEqual([1, 0, 0]);
  });

  it('lists arms, then the events used, in the legend', () => {
    expect(textContent(byClass(svg, 'sw-legend')[0] as XmlElement)).toBe(
      'PlaceboDrugComplete responsePartial responseStable diseaseProgressive diseaseDeathDuration of responseOngoing',
    );
  });

  it('groups lanes by arm on request and draws weeks from days', () => {
    const grouped = parseXml(
      renderSwimmerSvg({ ...plot, groupByArm: true, arms: ['Drug', 'Placebo'], timeUnit: 'weeks' }),
    );
    expect(byClass(grouped, 'sw-lane').map((l) => l.attributes['data-subject'])).toEqual(['S1', 'S3', 'S2']);
    const weeks = xScale(grouped);
    expect(Number(byClass(grouped, 'sw-bar')[2]?.attributes.width)).toBeCloseTo(weeks(100 / 7) - weeks(0), 1);
  });

  it('escapes labels', () => {
    const nasty = `<u>&"'</u>`;
    const parsed = parseXml(
      renderSwimmerSvg({
        title: nasty,
        lanes: [{ ...(lanes[0] as SwimmerLane), subject: nasty, arm: nasty }],
      }),
    );
    expect(parsed.children[0]?.text).toBe(nasty);
    expect(byClass(parsed, 'sw-subjects')[0]?.children[0]?.text).toBe(nasty);
    expect(allElements(parsed).some((e) => e.name === 'u')).toBe(false);
  });
});

describe('renderSwimmerSvg: bad input', () => {
  const lane = (patch: Partial<SwimmerLane>) => () =>
    renderSwimmerSvg({ lanes: [{ ...(lanes[0] as SwimmerLane), ...patch }] });

  it.each([
    ['no lanes', () => renderSwimmerSvg({ lanes: [] }), /^lanes: expected at least one lane/],
    ['zero length', lane({ endDay: 0 }), /^lanes\[0\]\.endDay: expected a finite number of days > 0/],
    [
      'event after the end',
      lane({ events: [{ day: 101, kind: 'PD' }] }),
      /^lanes\[0\]\.events\[0\]\.day: expected a day from 0 to endDay \(100\)/,
    ],
    [
      'unknown kind',
      lane({ events: [{ day: 1, kind: 'MR' as never }] }),
      /^lanes\[0\]\.events\[0\]\.kind: expected one of CR, PR/,
    ],
    [
      'end without start',
      lane({ events: [{ day: 50, kind: 'response-end' }] }),
      /^lanes\[0\]\.events\[0\]: expected a response-start before it/,
    ],
    [
      'two starts',
      lane({
        events: [
          { day: 10, kind: 'response-start' },
          { day: 20, kind: 'response-start' },
        ],
      }),
      /^lanes\[0\]\.events\[1\]: expected a response-end for the response started on day 10 first/,
    ],
    ['events missing', lane({ events: undefined as never }), /^lanes\[0\]\.events: expected an array/],
    ['bad lane height', () => renderSwimmerSvg(plot, { laneHeight: 1 }), /^options\.laneHeight/],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });
});
