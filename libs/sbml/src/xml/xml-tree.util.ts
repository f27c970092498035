import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SbmlError, SbmlErrorCode } from '../errors/sbml-error';

/** A small ordered element tree: MathML argument order matters, so the parser runs with preserveOrder. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Text nodes in document order (e.g. the two halves of `<cn type="e-notation">1<sep/>3</cn>`). */
  readonly texts: readonly string[];
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  trimValues: true,
  parseTagValue: false,
  parseAttributeValue: false,
});

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (name === undefined) return undefined;
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const raw = (node[name] ?? []) as OrderedNode[];
  const children: XmlElement[] = [];
  const texts: string[] = [];
  for (const child of raw) {
    if ('#text' in child) texts.push(String(child['#text']));
    else {
      const el = toElement(child);
      if (el) children.push(el);
    }
  }
  return { name, attrs, children, texts };
}

export function parseXml(xml: string): XmlElement {
  // The parser itself tolerates unclosed tags; validate first so a truncated file is refused, not half-read.
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new SbmlError(SbmlErrorCode.Malformed, `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(xml) as OrderedNode[];
  } catch (e) {
    throw new SbmlError(SbmlErrorCode.Malformed, `not well-formed XML: ${(e as Error).message}`);
  }
  for (const node of nodes) {
    const el = toElement(node);
    if (el && el.name !== '?xml') return el;
  }
  throw new SbmlError(SbmlErrorCode.Malformed, 'empty XML document');
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Children of `<listOfX>` named `item`, or [] when the list is absent. */
export function listOf(el: XmlElement, listName: string, item: string): XmlElement[] {
  const list = child(el, listName);
  return list ? list.children.filter((c) => c.name === item) : [];
}
