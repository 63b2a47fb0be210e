/**
 * The INI dialect of the AWS files, read as the AWS CLI reads it (Python's configparser, strict): what it refuses
 * we report with the line, instead of skipping it in silence. Messages never quote a line's text, which may be a
 * secret pasted in the wrong place; they name the line, and at most a section name or a setting's name that reads as one.
 */

/** One malformed line. */
export interface IniProblem {
  readonly line: number;
  readonly message: string;
}

/** A `[section]`, where it starts, and its settings (names in lower case, as the AWS CLI reads them). */
export interface IniSection {
  readonly name: string;
  readonly line: number;
  readonly settings: ReadonlyMap<string, string>;
}

/** The sections of a file, and what in it the AWS CLI would refuse. */
export interface ParsedIni {
  readonly sections: ReadonlyMap<string, IniSection>;
  readonly problems: readonly IniProblem[];
}

// A name shown in a message: short, on one line, control characters escaped.
const shown = (name: string) => JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name).slice(1, -1);
// A setting's name is quoted only when it reads as one (the AWS files' names are snake_case, the longest ~35
// characters): a secret or a session token pasted on a line of its own, ending in "=", parses as a name too.
// A run of 16 letters and digits is a key id or part of a secret, never a word of a setting's name.
const settingShown = (key: string) => (/^[a-z][a-z0-9_]{0,39}$/.test(key) && !/[a-z0-9]{16}/.test(key) ? `"${key}"` : 'a setting');

// Python's whitespace (str.strip, and \s in configparser's patterns), which is not JavaScript's: U+0085 and U+001C to
// U+001F are whitespace there, U+FEFF is not. A line of U+0085 alone is blank for the AWS CLI, not a line to refuse.
// Each is looked for a character at a time: a pattern such as /\s+$/ takes minutes on a 1 MiB line of spaces.
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE = new RegExp(`^[${PY_SPACE}]$`);
const NOT_SPACE = new RegExp(`[^${PY_SPACE}]`);

/** Strips what Python's str.strip() strips: a line or a value as the AWS CLI reads it. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && SPACE.test(text[start] as string)) start++;
  while (end > start && SPACE.test(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

/** configparser's section of defaults (the name is case-sensitive: `[default]` is the default profile). */
const DEFAULTS = 'DEFAULT';

/**
 * Parses the AWS files' INI: `[section]`, `key = value` (or `key: value`), indented continuation lines, `#`/`;`
 * comment lines; `[DEFAULT]`'s settings are every section's. Its callers refuse a file that is not text (notTextFile)
 * before it gets here.
 */
export function parseAwsIni(text: string): ParsedIni {
  const sections = new Map<string, { name: string; line: number; settings: Map<string, string>; firstLine: Map<string, number> }>();
  const problems: IniProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ line, message });
  if (text.startsWith('\ufeff')) {
    problem(1, 'the file starts with a byte order mark (U+FEFF), which the AWS CLI cannot read: save it as UTF-8 without BOM');
    text = text.slice(1);
  }
  let current: (typeof sections extends Map<string, infer S> ? S : never) | undefined;
  let option: string | undefined; // the setting an indented line continues
  let indent = 0; // the indentation of the last section or setting line
  let blanks = 0; // blank lines inside a continued value, kept if more of the value follows
  let orphan: string | undefined = 'a line comes before any [section] header'; // why a line has no section

  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i] as string;
    const line = pyStrip(raw);
    if (line === '') {
      blanks++;
      continue;
    }
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const lineIndent = raw.search(NOT_SPACE);
    if (current && option && lineIndent > indent) {
      // A continuation: part of the value above (a nested block such as `s3 =` puts its settings here).
      const above = current.settings.get(option) ?? '';
      // botocore reads a setting with no value on its own line as such a block, and refuses the file for a line of it
      // that is not "name = value" (the value of `aws_access_key_id =` put on the next line).
      if ((above === '' || above.startsWith('\n')) && !line.includes('=')) problem(n, `continues ${settingShown(option)}, which has no value on its own line: the AWS CLI reads such a setting as a block of "name = value" lines, and this line is not one`);
      current.settings.set(option, `${above}${'\n'.repeat(blanks + 1)}${line}`);
      blanks = 0;
      continue;
    }
    blanks = 0;
    indent = lineIndent;
    option = undefined;
    if (line.startsWith('[')) {
      const header = /^\[(.*)\]/s.exec(line);
      // Kept whole, as configparser keeps it: "[ a ]" is the section " a ", which AWS_PROFILE=a does not name.
      const name = header?.[1] ?? '';
      if (!header) problem(n, 'a section header is not closed with "]"');
      else if (name === '') problem(n, 'a section header has no name');
      else if (sections.has(name) && name !== DEFAULTS) problem(n, `the section [${shown(name)}] appears a second time (first on line ${sections.get(name)?.line})`);
      if (!header || name === '') {
        current = undefined; // what follows belongs to no section we can name; the header's problem says why
        orphan = undefined;
        continue;
      }
      current = sections.get(name) ?? { name, line: n, settings: new Map(), firstLine: new Map() };
      sections.set(name, current);
      continue;
    }
    if (!current) {
      if (orphan) problem(n, orphan); // once: the lines after it have no section for the same reason
      orphan = undefined;
      continue;
    }
    // configparser's `(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$`: split at the first = or :, each side stripped.
    const at = line.search(/[=:]/);
    if (at < 0) {
      problem(n, 'is neither a [section] header, a "name = value" setting, an indented continuation of a setting, nor a # or ; comment');
      continue;
    }
    const key = pyStrip(line.slice(0, at)).toLowerCase();
    if (key === '') {
      problem(n, 'a setting has no name before "="');
      continue;
    }
    const first = current.firstLine.get(key);
    if (first !== undefined) problem(n, `${settingShown(key)} is set a second time in [${shown(current.name)}] (first on line ${first})`);
    else current.firstLine.set(key, n);
    // A comment after a value stays part of it, as the AWS CLI reads it (configparser has no inline comments).
    current.settings.set(key, pyStrip(line.slice(at + 1)));
    option = key;
  }
  // [DEFAULT] is no section: each section has those of its settings it does not set itself, as configparser gives them.
  const defaults = sections.get(DEFAULTS)?.settings ?? new Map<string, string>();
  sections.delete(DEFAULTS);
  return { sections: new Map([...sections].map(([k, s]) => [k, { name: s.name, line: s.line, settings: new Map([...defaults, ...s.settings]) }])), problems };
}

/**
 * The first of `names` whose value holds a comment after it (a space, then `#` or `;`): the AWS CLI reads that as
 * part of the value, so a key, a secret, a region or a role's setting with one is one the AWS CLI cannot use either.
 */
export function commentedSetting(settings: ReadonlyMap<string, string>, names: readonly string[]): string | undefined {
  return names.find((name) => /\s[#;]/.test(settings.get(name) ?? ''));
}
