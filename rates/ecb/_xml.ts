/**
 * A small, strict, non-validating XML tokenizer: enough XML 1.0 for data
 * files such as the ECB's, and no more. It checks well-formedness (one root,
 * matching tags, quoted and unique attributes, known entities) and refuses
 * what such files never need and what makes parsers dangerous: document type
 * declarations (so no entity expansion) and non-ASCII names.
 *
 * @module
 */

/** What the tokenizer reports, in document order. */
export interface XmlHandler {
  /** A start tag; `empty` for `<x/>` (no `end` call follows it). */
  start(name: string, attributes: ReadonlyMap<string, string>, empty: boolean): void;
  /** An end tag, already checked against its start tag. */
  end(name: string): void;
  /** Character data inside the root element (entities decoded, CDATA included). */
  text(text: string): void;
}

/** A document is not well-formed; `offset` is where the tokenizer stopped. */
export class XmlSyntaxError extends Error {
  /** Builds the error; `line` and `column` are 1-based. */
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = "XmlSyntaxError";
  }
}

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/y;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Tokenizes `text`, calling `handler` for each tag and text run; throws {@linkcode XmlSyntaxError}. */
export function tokenizeXml(text: string, handler: XmlHandler): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open: string[] = [];
  let rootSeen = false;

  const fail = (message: string, at = i): never => {
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    throw new XmlSyntaxError(message, at, line, column);
  };
  const skipSpace = () => {
    SPACE.lastIndex = i;
    SPACE.exec(text);
    i = SPACE.lastIndex;
  };
  const readName = (what: string): string => {
    NAME.lastIndex = i;
    const match = NAME.exec(text);
    if (match === null) fail(`expected ${what}`);
    i = NAME.lastIndex;
    return match![0];
  };
  const decode = (raw: string, at: number): string => {
    if (!raw.includes("&")) return raw;
    let out = "";
    let k = 0;
    while (k < raw.length) {
      const amp = raw.indexOf("&", k);
      if (amp < 0) break;
      out += raw.slice(k, amp);
      ENTITY.lastIndex = amp;
      const match = ENTITY.exec(raw);
      if (match === null) fail("unknown or unterminated entity reference", at + amp);
      const [, named, decimal, hex] = match!;
      if (named !== undefined) out += NAMED[named];
      else {
        const code = decimal !== undefined ? Number(decimal) : parseInt(hex, 16);
        if (code === 0 || code > 0x10ffff) fail("invalid character reference", at + amp);
        out += String.fromCodePoint(code);
      }
      k = ENTITY.lastIndex;
    }
    return out + raw.slice(k);
  };
  const until = (terminator: string, what: string): number => {
    const at = text.indexOf(terminator, i);
    if (at < 0) fail(`unterminated ${what}`);
    return at;
  };

  while (i < text.length) {
    if (text.charCodeAt(i) !== 0x3c /* < */) {
      const next = text.indexOf("<", i);
      const end = next < 0 ? text.length : next;
      const raw = text.slice(i, end);
      if (open.length === 0) {
        if (/[^ \t\r\n]/.test(raw)) fail("text outside the root element");
      } else {
        if (raw.includes("]]>")) fail(`"]]>" in text`, i + raw.indexOf("]]>"));
        handler.text(decode(raw, i));
      }
      i = end;
      continue;
    }
    if (text.startsWith("<?", i)) {
      const start = i;
      i += 2;
      const target = readName("a processing instruction target");
      if (target.toLowerCase() === "xml" && start !== (text.charCodeAt(0) === 0xfeff ? 1 : 0)) {
        fail("an XML declaration must come first", start);
      }
      i = until("?>", "processing instruction") + 2;
      continue;
    }
    if (text.startsWith("<!--", i)) {
      const end = until("-->", "comment");
      if (text.slice(i + 4, end).includes("--")) fail(`"--" inside a comment`);
      i = end + 3;
      continue;
    }
    if (text.startsWith("<![CDATA[", i)) {
      if (open.length === 0) fail("CDATA outside the root element");
      const end = until("]]>", "CDATA section");
      handler.text(text.slice(i + 9, end));
      i = end + 3;
      continue;
    }
    if (text.startsWith("<!", i)) fail("document type declarations are not allowed");
    if (text.startsWith("</", i)) {
      i += 2;
      const name = readName("an element name");
      skipSpace();
      if (text[i] !== ">") fail(`expected ">" to close </${name}`);
      const expected = open.pop();
      if (expected === undefined) fail(`end tag </${name}> without a start tag`);
      if (expected !== name) fail(`end tag </${name}> does not match <${expected}>`);
      i += 1;
      handler.end(name);
      continue;
    }
    // A start tag.
    const tagAt = i;
    i += 1;
    const name = readName("an element name");
    if (open.length === 0 && rootSeen) fail("a second root element", tagAt);
    const attributes = new Map<string, string>();
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith("/>", i) || text[i] === ">") break;
      if (i === before) fail("expected whitespace between attributes");
      const attribute = readName("an attribute name");
      skipSpace();
      if (text[i] !== "=") fail(`expected "=" after attribute ${attribute}`);
      i += 1;
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attribute} must be quoted`);
      const valueAt = i + 1;
      const close = text.indexOf(quote, valueAt);
      if (close < 0) fail(`unterminated value of attribute ${attribute}`);
      const raw = text.slice(valueAt, close);
      if (raw.includes("<")) fail(`"<" in the value of attribute ${attribute}`, valueAt);
      if (attributes.has(attribute)) fail(`duplicate attribute ${attribute}`, before);
      attributes.set(attribute, decode(raw, valueAt));
      i = close + 1;
    }
    const empty = text[i] === "/";
    i += empty ? 2 : 1;
    rootSeen = true;
    if (!empty) open.push(name);
    handler.start(name, attributes, empty);
  }
  if (open.length > 0) fail(`unexpected end of document inside <${open[open.length - 1]}>`);
  if (!rootSeen) fail("no root element");
}
