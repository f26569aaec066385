import { SaxesParser, type SaxesTagNS } from 'saxes';
import { FeedError } from '../feed-error.js';

/** One element of a parsed document, with namespace-resolved names. */
export interface XmlElement {
  /** Local name, without prefix. */
  local: string;
  /** Namespace URI, '' when none. */
  uri: string;
  /** Attribute values by local name. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text and CDATA directly inside this element, in document order. */
  text: string;
}

/** Maximum element nesting depth; it bounds the recursion of the tree helpers. */
const MAX_DEPTH = 128;

/**
 * Parses XML text into an element tree without ever loading anything the document points to.
 * A document type declaration is rejected outright, so no entity can be declared, and an
 * entity reference other than the five predefined ones and character references is an error.
 * Processing instructions (stylesheets), XInclude and schema locations are kept as inert data.
 */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: XmlElement = { local: '', uri: '', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];

  parser.on('doctype', () => {
    throw new FeedError(
      'dtd-forbidden',
      'document contains a document type declaration (<!DOCTYPE>); DTDs and entity declarations are not accepted, remove them',
    );
  });
  parser.on('error', (error) => {
    throw new FeedError('not-well-formed', `document is not well-formed XML: ${error.message}`);
  });
  parser.on('opentag', (tag) => {
    const element = toElement(tag as SaxesTagNS);
    stack[stack.length - 1].children.push(element);
    stack.push(element);
    if (stack.length > MAX_DEPTH) {
      throw new FeedError('not-well-formed', `elements are nested deeper than ${MAX_DEPTH} levels`);
    }
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (value) => appendText(stack[stack.length - 1], value));
  parser.on('cdata', (value) => appendText(stack[stack.length - 1], value));

  parser.write(text).close();

  const [documentElement] = root.children;
  if (!documentElement) throw new FeedError('not-well-formed', 'document has no root element');
  return documentElement;
}

function appendText(element: XmlElement, value: string): void {
  element.text += value;
}

function toElement(tag: SaxesTagNS): XmlElement {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
    attributes[attribute.local] = attribute.value;
  }
  return { local: tag.local, uri: tag.uri, attributes, children: [], text: '' };
}

/** Returns the first child with this local name (in `uri` when given). */
export function child(element: XmlElement, local: string, uri?: string): XmlElement | undefined {
  return element.children.find(
    (item) => item.local === local && (uri === undefined || item.uri === uri),
  );
}

/** Returns every child with this local name (in `uri` when given). */
export function children(element: XmlElement, local: string, uri?: string): XmlElement[] {
  return element.children.filter(
    (item) => item.local === local && (uri === undefined || item.uri === uri),
  );
}

/** Returns the trimmed text of the first such child, or undefined when absent or empty. */
export function childText(element: XmlElement, local: string, uri?: string): string | undefined {
  const found = child(element, local, uri);
  const value = found ? found.text.trim() : '';
  return value === '' ? undefined : value;
}

/** Returns the trimmed text of every such child, skipping empty ones. */
export function childTexts(element: XmlElement, local: string, uri?: string): string[] {
  return children(element, local, uri)
    .map((item) => item.text.trim())
    .filter((value) => value !== '');
}

/** Finds descendants with this local name and namespace, not looking inside a match. */
export function findAll(element: XmlElement, local: string, uri: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const item of element.children) {
    if (item.local === local && item.uri === uri) found.push(item);
    else found.push(...findAll(item, local, uri));
  }
  return found;
}
