/**
 * A small XML 1.0 well-formedness check for tests (no XML parser is a dependency): one
 * prolog, properly nested elements with quoted, unique attributes, only the predefined and
 * numeric entity references, no raw `<` or `&` in text, and one root element. Returns the
 * elements as a tree so tests can count and read them.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
const ATTRIBUTE = new RegExp(`\\s+(${NAME})="([^"<]*)"`, 'gy');
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(text: string, where: string): string {
  if (/&/.test(text.replace(ENTITY, ''))) throw new Error(`bad entity reference in ${where}`);
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

export function parseWellFormedXml(xml: string): XmlElement {
  let at = 0;
  const prolog = /^<\?xml version="1\.0"( encoding="UTF-8")?\?>\s*/.exec(xml);
  if (prolog !== null) at = prolog[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const text = xml.slice(at, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '')
      throw new Error(`text outside the root element at ${at}`);
    if (stack.length > 0) stack.at(-1)!.text += decode(text, `text at ${at}`);
    if (lt < 0) break;
    const close = new RegExp(`</(${NAME})\\s*>`, 'y');
    close.lastIndex = lt;
    const closing = close.exec(xml);
    if (closing !== null) {
      const open = stack.pop();
      if (open?.name !== closing[1])
        throw new Error(`</${closing[1]}> closes <${open?.name ?? 'nothing'}> at ${lt}`);
      at = close.lastIndex;
      continue;
    }
    const start = new RegExp(`<(${NAME})`, 'y');
    start.lastIndex = lt;
    const opened = start.exec(xml);
    if (opened === null) throw new Error(`malformed markup at ${lt}: ${xml.slice(lt, lt + 20)}`);
    const attributes: Record<string, string> = {};
    ATTRIBUTE.lastIndex = start.lastIndex;
    let end = start.lastIndex;
    for (let m = ATTRIBUTE.exec(xml); m !== null; m = ATTRIBUTE.exec(xml)) {
      if (Object.hasOwn(attributes, m[1]!)) throw new Error(`attribute ${m[1]} twice at ${lt}`);
      attributes[m[1]!] = decode(m[2]!, `attribute ${m[1]}`);
      end = ATTRIBUTE.lastIndex;
    }
    const tail = /\s*(\/?)>/y;
    tail.lastIndex = end;
    const finish = tail.exec(xml);
    if (finish === null) throw new Error(`malformed tag <${opened[1]}> at ${lt}`);
    const element: XmlElement = { name: opened[1]!, attributes, children: [], text: '' };
    if (stack.length > 0) stack.at(-1)!.children.push(element);
    else if (root !== undefined) throw new Error('more than one root element');
    else root = element;
    if (finish[1] !== '/') stack.push(element);
    at = tail.lastIndex;
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (root === undefined) throw new Error('no root element');
  return root;
}
