/** What the bulk check reads from a paste or a console CSV, and what it refuses, without quoting any of it. */
import { describe, expect, it } from 'vitest';
import { readBulkText } from './bulk-parse.js';

const ID = 'AKIAIOSFODNN7EXAMPLE';
const ID2 = 'AKIAY34FZKBOKMUTVV7A';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SECRET2 = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';

const read = (text: string) => {
  const r = readBulkText(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('readBulkText', () => {
  it("reads the console's accessKeys.csv with Windows line endings and a BOM", () => {
    const r = read(`\uFEFFAccess key ID,Secret access key\r\n${ID},${SECRET}\r\n`);
    expect(r.readAs).toBe("the console's accessKeys.csv");
    expect(r.pairs).toEqual([{ line: 2, credentials: { accessKeyId: ID, secretAccessKey: SECRET }, name: 'key-xample', problem: null }]);
  });

  it("reads credentials.csv and names each pair after its user", () => {
    const r = read(`User name,Password,Access key ID,Secret access key,Console login link\nalice,,${ID},${SECRET},https://x\nbob,,${ID2},${SECRET2},https://x\n`);
    expect(r.pairs.map((p) => [p.name, p.credentials.accessKeyId])).toEqual([['alice', ID], ['bob', ID2]]);
  });

  it('reads pairs a line, with any separator, quotes tolerated, and a key id with its secret on the next line', () => {
    const r = read(`${ID},${SECRET}\n"${ID2}"\t"${SECRET2}"\n\n# a comment\n${ID2}:${SECRET}\nASIAY34FZKBOKMUTVV7B\n${SECRET}\n`);
    expect(r.pairs.map((p) => [p.line, p.credentials.accessKeyId, p.credentials.secretAccessKey])).toEqual([
      [1, ID, SECRET],
      [2, ID2, SECRET2],
      [5, ID2, SECRET],
      [6, 'ASIAY34FZKBOKMUTVV7B', SECRET],
    ]);
    // The temporary key has no session token: the rules say so, and it will not be sent.
    expect(r.pairs[3]?.problem).toMatch(/no session token/);
    expect(r.pairs.map((p) => p.name)).toEqual(['key-xample', 'key-utvv7a', 'key-utvv7a-2', 'key-utvv7b']);
  });

  it('reads credentials-file sections and exports', () => {
    const r = read(`[dev]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n\nexport AWS_ACCESS_KEY_ID=${ID2}\nexport AWS_SECRET_ACCESS_KEY="${SECRET2}"\n`);
    expect(r.pairs.map((p) => [p.name, p.credentials.accessKeyId, p.credentials.secretAccessKey])).toEqual([
      ['dev', ID, SECRET],
      ['dev-2', ID2, SECRET2],
    ]);
  });

  it('says which lines held no pair, checks the same pair once, and marks a key id pasted as the secret', () => {
    const r = read(`${ID},${SECRET}\nhello world\n${ID},${SECRET}\n${ID2},${ID}\n${ID2}\n`);
    expect(r.skipped).toEqual(['line 2: no access key id', 'line 5: a key id without its secret', 'line 3: the same key id and secret as line 1']);
    expect(r.pairs[1]?.problem).toMatch(/^The secret access key is an access key id, not a secret\./);
    expect(JSON.stringify(r.skipped)).not.toContain(SECRET);
  });

  it('refuses a text with no pair, and a CSV it cannot read, naming the line only', () => {
    const none = readBulkText('nothing here');
    expect(none.ok ? null : none.error.message).toBe('No access key id and secret pair was found.');
    const broken = readBulkText(`Access key ID,Secret access key\n${ID},"${SECRET}\n`);
    expect(broken.ok ? null : broken.error.message).toMatch(/^The CSV could not be read/);
    expect(broken.ok ? null : broken.error.message).not.toContain(SECRET);
  });

  it('reads old Mac line endings (CR alone) as line ends: the next line was read as the first pair\'s session token, its key lost', () => {
    const r = read(`${ID},${SECRET}\r${ID2},${SECRET2}\r`);
    expect(r.pairs.map((p) => [p.line, p.credentials])).toEqual([
      [1, { accessKeyId: ID, secretAccessKey: SECRET }],
      [2, { accessKeyId: ID2, secretAccessKey: SECRET2 }],
    ]);
  });

  it('takes a word after the secret as a session token only for a temporary key: a long-term key checked with one is refused by AWS, and was reported invalid', () => {
    const r = read(`${ID},${SECRET},Active\nalice,,${ID2},${SECRET2},https://console.aws.amazon.com\nASIAY34FZKBOKMUTVV7B ${SECRET} FwoGZXIvYXdzEXAMPLETOKEN\n`);
    expect(r.pairs.map((p) => p.credentials)).toEqual([
      { accessKeyId: ID, secretAccessKey: SECRET },
      { accessKeyId: ID2, secretAccessKey: SECRET2 },
      { accessKeyId: 'ASIAY34FZKBOKMUTVV7B', secretAccessKey: SECRET, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' },
    ]);
  });

  it('reads JSON members as the settings they name: the label was read as the secret and the secret sent as a session token', () => {
    // `aws configure export-credentials --format process` (one line) and `aws iam create-access-key` (one member a line).
    const process = `{"Version": 1, "AccessKeyId": "ASIAY34FZKBOKMUTVV7B", "SecretAccessKey": "${SECRET}", "SessionToken": "FwoGZXIvYXdzEXAMPLETOKEN", "Expiration": "2030-01-01T00:00:00+00:00"}\n`;
    const created = `{\n    "AccessKey": {\n        "UserName": "Bob",\n        "AccessKeyId": "${ID2}",\n        "Status": "Active",\n        "SecretAccessKey": "${SECRET2}",\n        "CreateDate": "2030-01-01T00:00:00+00:00"\n    }\n}\n`;
    const r = read(process + created);
    expect(r.pairs.map((p) => [p.line, p.credentials, p.problem])).toEqual([
      [1, { accessKeyId: 'ASIAY34FZKBOKMUTVV7B', secretAccessKey: SECRET, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' }, null],
      [5, { accessKeyId: ID2, secretAccessKey: SECRET2 }, null],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('never suggests a name that may be a secret pasted as a section or user name', () => {
    const r = read(`[${SECRET}]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET2}\n[prod]\naws_access_key_id = ${ID2}\naws_secret_access_key = ${SECRET}\n`);
    expect(r.pairs.map((p) => p.name)).toEqual(['key-xample', 'prod']);
    const csv = read(`User name,Password,Access key ID,Secret access key\n${SECRET2},,${ID},${SECRET}\n`);
    expect(csv.pairs.map((p) => p.name)).toEqual(['key-xample']);
  });

  it('lists the first 10 lines not read, then how many more: 100,000 lines of words were each listed', () => {
    const r = read(`${ID},${SECRET}\n${'words\n'.repeat(100_000)}`);
    expect(r.skipped).toEqual([...Array.from({ length: 10 }, (_, i) => `line ${i + 2}: no access key id`), 'and 99,990 more lines not read']);
    expect(read(`${ID},${SECRET}\n${'words\n'.repeat(10)}`).skipped).toHaveLength(10);
  });
});

