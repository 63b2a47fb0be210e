// Makes the V8 code cache of the CLI's pieces (dist/*.js.cache, read by bin/load-piece.js): each piece is loaded as
// the binary loads it and run as a cold start runs it (verify and sts get-caller-identity against a loopback stand-in
// for STS and IAM, with AWS's documented example key; then `--version`, which builds the whole commander program; then
// verify beside a config file, which loads the AWS files' reader),
// so the cache holds the functions those runs compiled. Run by scripts/build.mjs in a child process with this Node:
// V8 takes a cache only from the same Node with the same flags. Nothing here reaches the network beyond 127.0.0.1.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URLSearchParams } from 'node:url';

const require = createRequire(import.meta.url);
const { loadPiece, writeCaches } = require(join(process.argv[3] ?? join(import.meta.dirname, '../bin'), 'load-piece.js'));
// argv: the dist folder (default: this checkout's).
const dist = process.argv[2] ?? join(import.meta.dirname, '../dist');

const ANSWERS = {
  GetCallerIdentity:
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/build</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
  GetAccessKeyLastUsed:
    '<GetAccessKeyLastUsedResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccessKeyLastUsedResult><AccessKeyLastUsed><Region>us-east-1</Region><LastUsedDate>2026-01-01T00:00:00Z</LastUsedDate><ServiceName>sts</ServiceName></AccessKeyLastUsed><UserName>build</UserName></GetAccessKeyLastUsedResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetAccessKeyLastUsedResponse>',
};
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const answer = ANSWERS[new URLSearchParams(body).get('Action')];
    res.writeHead(answer ? 200 : 400, { 'content-type': 'text/xml' }).end(answer ?? '<ErrorResponse><Error><Code>InvalidAction</Code><Message>not here</Message></Error></ErrorResponse>');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const env = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_ENDPOINT_URL: `http://127.0.0.1:${server.address().port}`,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  HOME: '/nonexistent',
};
let said = '';
const io = { env, stdout: (t) => void (said += t), stderr: (t) => void (said += t), readStdin: async () => '' };
const cli = loadPiece(join(dist, 'cli.js'));
const runs = [['verify'], ['verify', '--output', 'text'], ['sts', 'get-caller-identity'], ['--version']];
const codes = [];
for (const argv of runs) codes.push(await cli.main(argv, io));
// A config file holding [default]'s region: a hot command then loads the AWS files' reader (dist/cli-profile.js).
const files = mkdtempSync(join(tmpdir(), 'keyscope-build-cache-'));
writeFileSync(join(files, 'config'), '[default]\nregion = us-east-1\n');
codes.push(await cli.main(['verify'], { ...io, env: { ...env, AWS_CONFIG_FILE: join(files, 'config') } }));
rmSync(files, { recursive: true, force: true });
server.close();
if (codes.some((c) => c !== 0)) {
  // Only the cache's warmth depends on these runs: say so, and keep the build going.
  process.stderr.write(`build-cli-cache: a warm-up run failed (${codes.join(', ')}); the cache holds less.\n${said}\n`);
}
loadPiece(join(dist, 'cli-xml.js'));
writeCaches();
