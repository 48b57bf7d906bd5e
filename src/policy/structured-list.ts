// The Strings of a Structured Field List (RFC 9651 §4.2.1), for Cache-Groups and
// Cache-Group-Invalidation (RFC 9875 §2, §3), and the members of a Dictionary (§4.2.2), for
// No-Vary-Search. Every member type is parsed (a field is valid or not as a whole), but only
// Strings and Booleans keep their value: the callers ignore the rest.

/**
 * The String members of the List `value` (several field lines joined with ", ", RFC 9651 §4.2),
 * in order, parameters ignored; null when the field does not parse as a List: RFC 9651 §4.2 says
 * the whole field is then ignored. Never throws.
 */
export function parseStringList(value: string | null): string[] | null {
  if (value === null) return [];
  const parser = new ListParser(value);
  try {
    return parser.list();
  } catch {
    return null;
  }
}

/** A bare item as the callers see it: a String, a Boolean, or `undefined` for any other type. */
export type BareItem = string | boolean | undefined;

/** A Dictionary member's value: an Item, or an Inner List (an array); parameters are dropped. */
export type DictionaryValue = BareItem | BareItem[];

/**
 * The members of the Dictionary `value` (RFC 9651 §4.2.2), by key; a key given twice keeps its
 * last value; a member without `=` is the Boolean true. Null when the field does not parse (or is
 * absent): the whole field is then ignored. Never throws.
 */
export function parseDictionary(value: string | null): Map<string, DictionaryValue> | null {
  if (value === null) return null;
  try {
    return new ListParser(value).dictionary();
  } catch {
    return null;
  }
}

/** Thrown inside the parser only: the field fails to parse (RFC 9651 §4.2). */
const failure = new Error('invalid structured field');

const tokenStart = /[A-Za-z*]/;
const tokenChar = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const keyStart = /[a-z*]/;
const keyChar = /[a-z0-9_\-.*]/;
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

class ListParser {
  readonly #input: string;
  #at = 0;

  constructor(input: string) {
    this.#input = input;
  }

  // RFC 9651 §4.2: leading and trailing SP are discarded; anything left over fails.
  list(): string[] {
    this.#skip(' ');
    const strings: string[] = [];
    if (this.#done()) return strings;
    for (;;) {
      const item = this.#peek() === '(' ? this.#innerList() : this.#bareItem();
      this.#parameters();
      if (typeof item === 'string') strings.push(item);
      this.#skip(' \t');
      if (this.#done()) return strings;
      if (this.#next() !== ',') throw failure;
      this.#skip(' \t');
      // RFC 9651 §4.2.1: a trailing comma fails.
      if (this.#done()) throw failure;
    }
  }

  // RFC 9651 §4.2.2: the same member separators as a List; each member is key[=value].
  dictionary(): Map<string, DictionaryValue> {
    this.#skip(' ');
    const members = new Map<string, DictionaryValue>();
    if (this.#done()) return members;
    for (;;) {
      const key = this.#key();
      let member: DictionaryValue = true;
      if (this.#peek() === '=') {
        this.#at++;
        member = this.#peek() === '(' ? this.#innerList() : this.#bareItem();
      }
      this.#parameters();
      members.set(key, member);
      this.#skip(' \t');
      if (this.#done()) return members;
      if (this.#next() !== ',') throw failure;
      this.#skip(' \t');
      if (this.#done()) throw failure;
    }
  }

  // RFC 9651 §4.2.1.2; the Inner List's own parameters are consumed by the caller.
  #innerList(): BareItem[] {
    this.#at++; // '('
    const items: BareItem[] = [];
    for (;;) {
      this.#skip(' ');
      if (this.#peek() === ')') {
        this.#at++;
        return items;
      }
      items.push(this.#bareItem());
      this.#parameters();
      const after = this.#peek();
      if (after !== ' ' && after !== ')') throw failure;
    }
  }

  #parameters(): void {
    while (this.#peek() === ';') {
      this.#at++;
      this.#skip(' ');
      this.#key();
      if (this.#peek() === '=') {
        this.#at++;
        this.#bareItem();
      }
    }
  }

  #key(): string {
    const start = this.#at;
    if (!keyStart.test(this.#peek())) throw failure;
    while (keyChar.test(this.#peek())) this.#at++;
    return this.#input.slice(start, this.#at);
  }

  /** A String or Boolean is returned; any other valid bare item is consumed and gives undefined. */
  #bareItem(): BareItem {
    const c = this.#peek();
    if (c === '"') return this.#string();
    if (c === '-' || /[0-9]/.test(c)) return this.#number();
    if (c === '@') {
      this.#at++;
      return this.#number(true);
    }
    if (c === ':') return this.#bytes();
    if (c === '?') {
      this.#at++;
      const bool = this.#next();
      if (bool !== '0' && bool !== '1') throw failure;
      return bool === '1';
    }
    if (c === '%') return this.#displayString();
    if (tokenStart.test(c)) {
      while (tokenChar.test(this.#peek())) this.#at++;
      return undefined;
    }
    throw failure;
  }

  // RFC 9651 §4.2.5: printable ASCII; only \" and \\ escape.
  #string(): string {
    this.#at++;
    let out = '';
    for (;;) {
      const c = this.#next();
      if (c === '') throw failure;
      if (c === '"') return out;
      if (c === '\\') {
        const escaped = this.#next();
        if (escaped !== '"' && escaped !== '\\') throw failure;
        out += escaped;
      } else if (c < ' ' || c > '~') throw failure;
      else out += c;
    }
  }

  // RFC 9651 §4.2.4 (and §4.2.9 for a Date: an Integer after '@').
  #number(integerOnly = false): undefined {
    if (this.#peek() === '-') this.#at++;
    let digits = 0;
    let point = -1;
    for (;;) {
      const c = this.#peek();
      if (/[0-9]/.test(c)) digits++;
      else if (c === '.' && point === -1 && !integerOnly && digits > 0 && digits <= 12) {
        point = digits;
      } else break;
      this.#at++;
    }
    // At most 15 digits in an Integer; a Decimal has 1 to 3 after its point (none: fails).
    if (digits === 0) throw failure;
    if (point === -1 ? digits > 15 : digits - point === 0 || digits - point > 3) throw failure;
    return undefined;
  }

  // RFC 9651 §4.2.7: base64 between colons.
  #bytes(): undefined {
    const end = this.#input.indexOf(':', this.#at + 1);
    if (end === -1 || !base64.test(this.#input.slice(this.#at + 1, end))) throw failure;
    this.#at = end + 1;
    return undefined;
  }

  // RFC 9651 §4.2.10: %"…" with lower-case percent-encoded bytes forming valid UTF-8.
  #displayString(): undefined {
    this.#at++;
    if (this.#next() !== '"') throw failure;
    const bytes: number[] = [];
    for (;;) {
      const c = this.#next();
      if (c === '' || c < ' ' || c > '~') throw failure;
      if (c === '"') break;
      if (c === '%') {
        const hex = this.#input.slice(this.#at, this.#at + 2);
        if (!/^[0-9a-f]{2}$/.test(hex)) throw failure;
        bytes.push(Number.parseInt(hex, 16));
        this.#at += 2;
      } else bytes.push(c.charCodeAt(0));
    }
    new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    return undefined;
  }

  #skip(chars: string): void {
    while (this.#at < this.#input.length && chars.includes(this.#input[this.#at]!)) this.#at++;
  }

  #peek(): string {
    return this.#input[this.#at] ?? '';
  }

  #next(): string {
    return this.#input[this.#at++] ?? '';
  }

  #done(): boolean {
    return this.#at >= this.#input.length;
  }
}
