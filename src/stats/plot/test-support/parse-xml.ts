/**
 * A strict little XML parser for the plot tests: it checks the well-formedness rules an SVG writer
 * can break (tag nesting, one root, quoted unique attributes, no raw `<` or stray `&`) and returns
 * the element tree so tests can find elements by class. No DTDs, CDATA or namespaces handling.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Decoded character data directly inside this element. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (BAD_AMPERSAND.test(raw)) throw new Error(`XML: '&' not starting an entity near offset ${at}`);
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    return ENTITIES[ref] as string;
  });
}

export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at offset ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  while (i < source.length) {
    if (source.startsWith('<?', i)) {
      if (root || stack.length > 0) fail('processing instruction after the root element started');
      const end = source.indexOf('?>', i);
      if (end < 0) fail('unclosed processing instruction');
      i = end + 2;
    } else if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) fail('unclosed comment');
      i = end + 3;
    } else if (source.startsWith('</', i)) {
      const name = NAME.exec(source.slice(i + 2))?.[0] ?? fail('bad closing tag');
      const open = stack.pop();
      if (!open || open.name !== name) fail(`closing </${name}> does not match <${open?.name ?? '(none)'}>`);
      i += 2 + name.length;
      const close = /^\s*>/.exec(source.slice(i)) ?? fail('bad closing tag end');
      i += close[0].length;
    } else if (source[i] === '<') {
      if (root && stack.length === 0) fail('second root element');
      const name = NAME.exec(source.slice(i + 1))?.[0] ?? fail('bad tag name');
      i += 1 + name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      for (;;) {
        const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/.exec(source.slice(i));
        if (!attribute) break;
        const [all, key, quoted] = attribute as unknown as [string, string, string];
        if (key in element.attributes) fail(`duplicate attribute ${key}`);
        element.attributes[key] = decode(quoted.slice(1, -1), i);
        i += all.length;
      }
      const end = /^\s*(\/?)>/.exec(source.slice(i)) ?? fail(`bad end of <${name}>`);
      i += end[0].length;
      stack[stack.length - 1]?.children.push(element);
      if (!root) root = element;
      if (end[1] !== '/') stack.push(element);
    } else {
      const next = source.indexOf('<', i);
      const raw = source.slice(i, next < 0 ? source.length : next);
      const parent = stack[stack.length - 1];
      if (parent) parent.text += decode(raw, i);
      else if (raw.trim() !== '') fail('text outside the root element');
      i += raw.length;
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]?.name}>`);
  return root ?? fail('no root element');
}

/** All elements of the tree, depth first, in document order. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}

/** Elements whose class attribute contains `name`. */
export function byClass(root: XmlElement, name: string): XmlElement[] {
  return allElements(root).filter((e) => (e.attributes.class ?? '').split(/\s+/).includes(name));
}

/** All text inside an element, its descendants' too, in document order. */
export function textContent(element: XmlElement): string {
  return element.text + element.children.map(textContent).join('');
}
