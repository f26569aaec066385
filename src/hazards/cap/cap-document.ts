import { FeedError } from '../feed-error.js';
import type { HazardEvent } from '../hazard-event.js';
import { child, childText, children, type XmlElement } from '../xml/xml-tree.js';
import { CAP_1_0_NAMESPACES, CAP_NAMESPACES } from './cap-fields.js';
import { parseCapAlert } from './cap-alert.js';
import { capNamespaceOf, parseCapIndexEntry } from './cap-index-entry.js';

const ATOM = 'http://www.w3.org/2005/Atom';

/**
 * Reads the CAP content of a document: a bare <alert>, an Atom feed or RSS channel whose
 * entries embed alerts or carry cap: index elements, or any envelope (EDXL-DE, a list root)
 * that contains alerts. Returns undefined when the document contains no CAP at all.
 */
export function parseCapDocument(root: XmlElement, warnings: string[]): HazardEvent[] | undefined {
  if (root.local === 'alert') {
    checkCapNamespace(root);
    return parseCapAlert(root, warnings);
  }

  const entries = feedEntries(root);
  if (entries) return entries.flatMap((entry) => parseEntry(entry, root, warnings));

  const alerts = findCapAlerts(root);
  return alerts.length > 0 ? parseAlerts(alerts, warnings) : undefined;
}

/** Rejects an <alert> that is not CAP 1.1 or 1.2, naming the namespace it has. */
export function checkCapNamespace(alert: XmlElement): void {
  if (CAP_NAMESPACES.includes(alert.uri)) return;
  if (CAP_1_0_NAMESPACES.includes(alert.uri)) {
    throw new FeedError(
      'unsupported-namespace',
      `<alert> is CAP 1.0 (namespace ${alert.uri}), which is not supported; send CAP 1.1 or 1.2`,
    );
  }
  const found = alert.uri === '' ? 'has no namespace' : `is in namespace ${alert.uri}`;
  throw new FeedError(
    'unsupported-namespace',
    `<alert> ${found}, which is not CAP; CAP 1.1 and 1.2 use ${CAP_NAMESPACES.join(' and ')}`,
  );
}

/** Atom entries or RSS items of a feed; undefined when the root is neither. */
function feedEntries(root: XmlElement): XmlElement[] | undefined {
  if (root.local === 'feed' && root.uri === ATOM) return children(root, 'entry', ATOM);
  if (root.local !== 'rss') return undefined;
  const channel = child(root, 'channel');
  return channel ? children(channel, 'item') : [];
}

function parseEntry(entry: XmlElement, root: XmlElement, warnings: string[]): HazardEvent[] {
  const alerts = findCapAlerts(entry);
  if (alerts.length > 0) return parseAlerts(alerts, warnings);

  const ns = capNamespaceOf(entry);
  if (!ns) {
    const id = childText(entry, 'id', ATOM) ?? childText(entry, 'guid') ?? '(no id)';
    warnings.push(
      `feed entry ${id} contains no CAP alert, only a link; fetch the linked alert to read it`,
    );
    return [];
  }
  const feedAuthor = childText(child(root, 'author', ATOM) ?? root, 'name', ATOM);
  const event = parseCapIndexEntry(entry, ns, feedAuthor, warnings);
  return event ? [event] : [];
}

/**
 * Parses several alerts of one document. A bad alert among good ones is skipped with a warning;
 * when none can be read the first reason is thrown.
 */
function parseAlerts(alerts: XmlElement[], warnings: string[]): HazardEvent[] {
  if (alerts.length === 1) return parseCapAlert(alerts[0], warnings);

  const events: HazardEvent[] = [];
  const failures: FeedError[] = [];
  for (const alert of alerts) {
    try {
      events.push(...parseCapAlert(alert, warnings));
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      failures.push(error);
      warnings.push(`${error.message}; alert skipped`);
    }
  }
  if (events.length === 0 && failures.length > 0) throw failures[0];
  return events;
}

/** Finds <alert> elements in a CAP 1.1 or 1.2 namespace anywhere below `element`. */
function findCapAlerts(element: XmlElement): XmlElement[] {
  const found: XmlElement[] = [];
  for (const item of element.children) {
    if (item.local === 'alert' && CAP_NAMESPACES.includes(item.uri)) found.push(item);
    else found.push(...findCapAlerts(item));
  }
  return found;
}
