import { describe, expect, it } from 'vitest';
import {
  downloadName,
  isoDate,
  isSafeSvgAttribute,
  slug,
  svgDataUrl,
  svgSize,
  svgTextAlternative,
  UNSAFE_SVG_ELEMENTS,
} from './download.ts';

describe('file names', () => {
  it('joins study, what and ISO date in lower-case words', () => {
    expect(downloadName({ study: 'NCT05168163', what: 'KM PFS', date: '2026-03-30', kind: 'svg' })).toBe(
      'nct05168163-km-pfs-2026-03-30.svg',
    );
    expect(downloadName({ study: 'NCT05168163', what: 'adtte-pfs', date: '2026-03-30', kind: 'csv' })).toBe(
      'nct05168163-adtte-pfs-2026-03-30.csv',
    );
    expect(downloadName({ study: '', what: '', date: '', kind: 'png' })).toBe('download.png');
  });

  it('drops accents, punctuation and path separators', () => {
    expect(slug('Arm A (atezolizumab, cabozantinib)')).toBe('arm-a-atezolizumab-cabozantinib');
    expect(slug('Überlebenszeit / Kaplan–Meier')).toBe('uberlebenszeit-kaplan-meier');
    expect(slug('../../etc/passwd')).toBe('etc-passwd');
  });

  it('writes local dates as YYYY-MM-DD', () => {
    expect(isoDate(new Date(2026, 2, 5, 23, 59))).toBe('2026-03-05');
  });
});

const SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="720" height="500" viewBox="0 0 720 500" role="img">
<title id="km-title">Progression-free survival &amp; more</title>
<desc id="km-desc">Arm B: median 4.2. Arm A &lt;NR&gt; &#8211; done.</desc>
<text><title>inner</title></text>
</svg>`;

describe('SVG helpers', () => {
  it('reads the size from width and height, else from the viewBox', () => {
    expect(svgSize(SVG)).toEqual({ width: 720, height: 500 });
    expect(svgSize('<svg viewBox="0 0 300 150"></svg>')).toEqual({ width: 300, height: 150 });
    expect(svgSize('<svg width="100%" viewBox="0,0,640,480"/>')).toEqual({ width: 640, height: 480 });
    expect(svgSize('<div></div>')).toBeNull();
  });

  it("takes the figure's first title and desc as its text alternative, unescaped", () => {
    expect(svgTextAlternative(SVG)).toEqual({
      title: 'Progression-free survival & more',
      desc: 'Arm B: median 4.2. Arm A <NR> – done.',
    });
    expect(svgTextAlternative('<svg></svg>')).toEqual({ title: '', desc: '' });
  });

  it('encodes the SVG as a data URL', () => {
    const url = svgDataUrl('<svg a="#"/>');
    expect(url).toBe('data:image/svg+xml;charset=utf-8,%3Csvg%20a%3D%22%23%22%2F%3E');
    expect(decodeURIComponent(url.split(',')[1] ?? '')).toBe('<svg a="#"/>');
  });
});

describe('inlining a figure', () => {
  it('keeps presentation attributes and links within the figure', () => {
    expect(isSafeSvgAttribute('stroke-dasharray', '7 4')).toBe(true);
    expect(isSafeSvgAttribute('clip-path', 'url(#km-clip)')).toBe(true);
    expect(isSafeSvgAttribute('aria-labelledby', 'km-title')).toBe(true);
    expect(isSafeSvgAttribute('href', '#km-clip')).toBe(true);
  });

  it('drops event handlers, outside links and script URLs', () => {
    expect(isSafeSvgAttribute('onload', 'alert(1)')).toBe(false);
    expect(isSafeSvgAttribute('onClick', 'x()')).toBe(false);
    expect(isSafeSvgAttribute('xlink:href', 'https://example.org/x.svg')).toBe(false);
    expect(isSafeSvgAttribute('href', 'javascript:alert(1)')).toBe(false);
    expect(isSafeSvgAttribute('fill', ' javascript:alert(1)')).toBe(false);
    expect(isSafeSvgAttribute('style', 'background: url(https://example.org)')).toBe(false);
  });

  it('names the elements that are never inlined', () => {
    for (const name of ['script', 'foreignobject', 'use', 'image'])
      expect(UNSAFE_SVG_ELEMENTS.has(name)).toBe(true);
    expect(UNSAFE_SVG_ELEMENTS.has('path')).toBe(false);
  });
});
