/**
 * A ~/.aws role profile whose AssumeRole answer holds a credential no request can carry (a session token with a
 * control or non-ASCII character: an endpoint that is not AWS, or a proxy that rewrote the answer). keyscope says
 * the answer is not AWS's, exit 3, and sends nothing with it; it signed with it, Node refused the header, and the
 * check ended as "internal error … report it". In process, against a loopback stand-in that answers AssumeRole so.
 */
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_KEY } from '../../e2e/fixtures/keyscope-process.js';
import { main } from './index.js';

const ANSWER =
  '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAULTEXAMPLE0001</AccessKeyId>' +
  '<SecretAccessKey>faultSecretAccessKeyFaultSecretAccessKey</SecretAccessKey><SessionToken>FwoGZXIv\u202eYXdzEXAMPLE</SessionToken>' +
  '<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAFAULTROLE:s</AssumedRoleId>' +
  '<Arn>arn:aws:sts::012345678901:assumed-role/r/s</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>';

let server: http.Server;
let url: string;
const actions: string[] = [];
let home: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      actions.push(new URLSearchParams(body).get('Action') ?? '');
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(ANSWER);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  home = mkdtempSync(join(tmpdir(), 'keyscope-role-answer-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws/credentials'), `[src]\naws_access_key_id = ${ENV_KEY.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${ENV_KEY.AWS_SECRET_ACCESS_KEY}\n`);
  writeFileSync(join(home, '.aws/config'), '[profile role]\nrole_arn = arn:aws:iam::012345678901:role/r\nsource_profile = src\n');
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
});

describe('a role answer holding a credential no request can carry', () => {
  it('is an answer that is not AWS\'s (exit 3), naming the profile, and is never signed with', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['verify', '--profile', 'role'], { env: { HOME: home, KEYSCOPE_HOME: join(home, 'keyscope'), AWS_ENDPOINT_URL: url }, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' });
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/internal error/);
    expect(stderr).toMatch(/^keyscope: AssumeRole: The answer to AssumeRole for ~\/\.aws profile role holds a session token with a character no request can carry \(U\+202E\)/);
    expect(actions).toEqual(['AssumeRole']);
  });
});
