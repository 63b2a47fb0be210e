import { describe, expect, it } from 'vitest';
import { keyListIdsOnly, splitKeyListLine } from './key-list-line.js';

describe('a key list line', () => {
  it('splits an id from a secret after a comma, tab, colon, semicolon or spaces, quoted or not', () => {
    for (const line of ['AKIAY34FZKBOKMUTVV7A,s3cr/et+', 'AKIAY34FZKBOKMUTVV7A\ts3cr/et+', '"AKIAY34FZKBOKMUTVV7A","s3cr/et+"', 'AKIAY34FZKBOKMUTVV7A   s3cr/et+', 'AKIAY34FZKBOKMUTVV7A:s3cr/et+']) {
      expect(splitKeyListLine(line), line).toEqual({ id: 'AKIAY34FZKBOKMUTVV7A', secret: true });
    }
    expect(splitKeyListLine('AKIAY34FZKBOKMUTVV7A')).toEqual({ id: 'AKIAY34FZKBOKMUTVV7A', secret: false });
  });

  it('keeps only the ids of lines that held a secret, and leaves every other line as it was', () => {
    const text = 'Access key ID,Secret access key\r\nAKIAY34FZKBOKMUTVV7A,s3cr/et+\r\n# a note, with a comma\nAKIAY34FZKBOKMUTVV7B\n\nnot an id, x';
    expect(keyListIdsOnly(text)).toEqual({ text: 'Access key ID,Secret access key\nAKIAY34FZKBOKMUTVV7A\n# a note, with a comma\nAKIAY34FZKBOKMUTVV7B\n\nnot an id, x', cut: 1 });
  });
});
