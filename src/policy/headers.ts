// Reading field values out of a HeaderList: combining lines, splitting lists, HTTP-date (RFC 9110 §5).
import type { HeaderList } from './snapshot';

/**
 * Every line of a field, combined as RFC 9110 §5.3 says (joined with ", "), or null when absent.
 * Names compare case-insensitively (RFC 9110 §5.1).
 */
export function headerValue(headers: HeaderList, name: string): string | null {
  const lines = headerLines(headers, name);
  return lines.length === 0 ? null : lines.join(', ');
}

/** The value of the first line of a field, or null when absent. */
export function firstHeaderValue(headers: HeaderList, name: string): string | null {
  return headerLines(headers, name)[0] ?? null;
}

/** Every line of a field, in order (a field sent twice gives two lines). */
export function headerLines(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  const lines: string[] = [];
  for (const [field, value] of headers) {
    if (field.toLowerCase() === wanted) lines.push(value);
  }
  return lines;
}

/**
 * The members of a comma-separated list (RFC 9110 §5.6.1), trimmed, empty members dropped.
 * Commas inside a quoted-string (RFC 9110 §5.6.4) do not split; quotes are kept as received.
 */
export function splitList(value: string | null): string[] {
  if (value === null) return [];
  const members: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  for (const char of value) {
    if (escaped) {
      escaped = false;
    } else if (quoted && char === '\\') {
      escaped = true;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === ',' && !quoted) {
      members.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  members.push(current);
  return members.map((member) => member.trim()).filter((member) => member !== '');
}

/** A `token` (RFC 9110 §5.6.2). */
export function isToken(value: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value);
}

// RFC 9110 §5.6.7 IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
const imfFixdate =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
// RFC 9110 §5.6.7 obsolete rfc850-date: Sunday, 06-Nov-94 08:49:37 GMT
const rfc850Date =
  /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
// RFC 9110 §5.6.7 obsolete asctime-date: Sun Nov  6 08:49:37 1994
const asctimeDate =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}| \d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;
// The month names in order, three letters each, to find a month's number.
const months = 'janfebmaraprmayjunjulaugsepoctnovdec';

/**
 * An HTTP-date (RFC 9110 §5.6.7) in epoch ms, or null when the value is not one of its three
 * formats or names a day that does not exist. Day and month names and `GMT` match in any case
 * (RFC 9111 §4.2: a cache recipient should, though the grammar is case-sensitive, RFC 9110
 * §5.6.7); the day-name is not checked against the date. `now` places a two-digit rfc850 year: without it,
 * 00-69 are read as 20xx and 70-99 as 19xx.
 */
export function parseHttpDate(value: string | null, now?: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  let m = imfFixdate.exec(text);
  if (m) return utc(Number(m[3]), m[2], m[1], m[4], m[5], m[6]);
  m = asctimeDate.exec(text);
  if (m) return utc(Number(m[6]), m[1], m[2], m[3], m[4], m[5]);
  m = rfc850Date.exec(text);
  if (m) return utc(twoDigitYear(Number(m[3]), now), m[2], m[1], m[4], m[5], m[6]);
  return null;
}

// RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
function twoDigitYear(yy: number, now: number | undefined): number {
  if (now === undefined) return yy < 70 ? 2000 + yy : 1900 + yy;
  const thisYear = new Date(now).getUTCFullYear();
  const year = thisYear - (thisYear % 100) + yy;
  if (year > thisYear + 50) return year - 100;
  if (year <= thisYear - 50) return year + 100;
  return year;
}

/** The date from its parts as the patterns above capture them (digits, a month name). */
function utc(
  year: number,
  monthName: string | undefined,
  ...dayAndTime: Array<string | undefined>
): number | null {
  const [day, hour, minute, second] = dayAndTime.map(Number) as [number, number, number, number];
  // The patterns above only capture month names (in any case), so the month is always found.
  const month = months.indexOf((monthName as string).toLowerCase()) / 3;
  // RFC 9110 §5.6.7: hour 00-23, minute 00-59, second 00-60 (60 is a leap second).
  if (hour > 23 || minute > 59 || second > 60) return null;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  // A day that does not exist in that month (Feb 30, day 00) rolls over: not a date.
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return null;
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
