import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIni, scanAwsFiles } from './aws-files.js';

const CREDENTIALS = `# my keys
[default]
aws_access_key_id = AKIAY34FZKBOKMUTVV7A
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY

[temp]
aws_access_key_id=ASIAY34FZKBOKMUTVV7A
aws_secret_access_key=secretsecret
aws_session_token=FwoGZXIvYXdzEXAMPLE

[half]
aws_access_key_id = AKIAY34FZKBOKMUTVV7B
`;

const CONFIG = `[default]
region = eu-west-1
s3 =
  max_concurrent_requests = 20
[profile deploy]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = default
[profile sso-dev]
sso_session = corp
sso_account_id = 123456789012
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
[profile tool]
credential_process = /usr/local/bin/get-creds
[profile inline]
aws_access_key_id = AKIAY34FZKBOKMUTVV7C ; the config file can hold keys too
aws_secret_access_key = inlinesecret
region = us-gov-west-1
`;

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-aws-'));
  writeFileSync(join(dir, 'credentials'), CREDENTIALS);
  writeFileSync(join(dir, 'config'), CONFIG);
  return { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config'), HOME: '/nonexistent' };
}

describe('AWS files', () => {
  it('parses sections, comments and nested blocks', () => {
    const ini = parseIni(CONFIG);
    expect(ini.get('default')).toEqual(new Map([['region', 'eu-west-1']]));
    expect(ini.get('profile inline')?.get('aws_access_key_id')).toBe('AKIAY34FZKBOKMUTVV7C');
  });

  it('finds static keys in both files, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE', () => {
    const scan = scanAwsFiles(files());
    const byName = Object.fromEntries(scan.profiles.map((p) => [p.name, p]));
    expect(byName.default).toMatchObject({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAY34FZKBOKMUTVV7A' } });
    expect(byName.temp?.credentials).toMatchObject({ sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
    expect(byName.inline).toMatchObject({ region: 'us-gov-west-1', credentials: { secretAccessKey: 'inlinesecret' } });
  });

  it('lists role, SSO, process and incomplete profiles with the reason they are skipped', () => {
    const byName = Object.fromEntries(scanAwsFiles(files()).profiles.map((p) => [p.name, p.skipped]));
    expect(byName.deploy).toMatch(/role profile/);
    expect(byName['sso-dev']).toMatch(/SSO profile/);
    expect(byName.tool).toMatch(/credential_process/);
    expect(byName.half).toMatch(/no aws_secret_access_key/);
    expect(Object.keys(byName)).not.toContain('sso-session corp');
  });

  it('treats missing files as empty', () => {
    expect(scanAwsFiles({ HOME: '/nonexistent' })).toMatchObject({ profiles: [], problems: [] });
  });
});
